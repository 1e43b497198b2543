package loadlab.load;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponses;
import loadlab.http.RequestParser;
import loadlab.server.Sockets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each failure category, against a small server that commits exactly that fault: the failures
 * are counted in that category and no other, nothing counts as a success, and the run ends on time
 * (duration + connect and read timeouts). Each fault twice: a closed loop of 2 users and an open
 * loop of 20/s, which reach a connection by different paths (a user keeps its own, the open loop's
 * schedule takes one from its pool). 2 s windows, 500 ms timeouts: about 2.5 s per case, 40 s in all.
 */
class FailureCategoriesTest {

    private static final Duration DURATION = ofSeconds(2);
    private static final Duration TIMEOUT = ofMillis(500);
    /** The hard stop's margin, plus room for a busy shared machine. */
    private static final Duration SLACK = ofMillis(1500);

    /** The two ways load is sent. */
    enum Load {
        CLOSED_LOOP, OPEN_LOOP;

        LoadSpec.Builder apply(LoadSpec.Builder b) {
            return this == CLOSED_LOOP
                    ? b.closed(2, Double.POSITIVE_INFINITY, ThinkTime.constant(ofMillis(100)))
                    : b.open(20, false, 100);
        }
    }

    static Stream<Arguments> faults() {
        return faultServers().flatMap(f -> Stream.of(Load.values()).map(load -> Arguments.of(f.get()[0], load, f.get()[1], f.get()[2])));
    }

    private static Stream<Arguments> faultServers() {
        return Stream.of(
                Arguments.of("reset after accept", FailureCategory.CONNECTION_RESET, (FaultServer.Behaviour) socket -> {
                    socket.setSoLinger(true, 0); // close() now sends RST instead of FIN
                    socket.close();
                }),
                Arguments.of("garbage response", FailureCategory.MALFORMED_RESPONSE, (FaultServer.Behaviour) socket -> {
                    FaultServer.readRequest(FaultServer.parser(), socket.getInputStream());
                    socket.getOutputStream().write("HELLO, this is not HTTP\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    Sockets.lingeringClose(socket);
                }),
                Arguments.of("echo of a different request", FailureCategory.WRONG_ECHO, (FaultServer.Behaviour) socket -> {
                    RequestParser parser = FaultServer.parser();
                    OutputStream out = socket.getOutputStream();
                    HttpRequest request;
                    while ((request = FaultServer.readRequest(parser, socket.getInputStream())) != null) {
                        String other = new String(request.raw(), StandardCharsets.US_ASCII).replace("seq=", "seq=7");
                        HttpRequest wrong = new HttpRequest(request.method(), request.target(), request.version(),
                                request.headers(), other.getBytes(StandardCharsets.US_ASCII), request.headLength(), false);
                        out.write(HttpResponses.echo(wrong)); // well-formed, 200, keep-alive: only the body is wrong
                    }
                }),
                Arguments.of("status 500", FailureCategory.HTTP_STATUS, (FaultServer.Behaviour) socket -> {
                    FaultServer.readRequest(FaultServer.parser(), socket.getInputStream());
                    socket.getOutputStream().write(HttpResponses.error(500, "the server failed on purpose"));
                    Sockets.lingeringClose(socket);
                }),
                Arguments.of("never answers", FailureCategory.READ_TIMEOUT, (FaultServer.Behaviour) socket -> {
                    InputStream in = socket.getInputStream();
                    while (in.read() >= 0) {
                        // read what comes, answer nothing, until the client gives up and closes
                    }
                }));
    }

    @ParameterizedTest(name = "{0}, {1}: {2}")
    @MethodSource("faults")
    void eachFaultIsCountedInExactlyItsCategory(String fault, Load load, FailureCategory expected,
                                                FaultServer.Behaviour behaviour) throws Exception {
        try (FaultServer server = FaultServer.start(behaviour)) {
            assertCountedAs(server.uri(), load, expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Load.class)
    void nothingListeningIsConnectRefused(Load load) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // free now, and nothing listens once it is closed
        }
        assertCountedAs(URI.create("http://127.0.0.1:" + port + "/"), load, FailureCategory.CONNECT_REFUSED);
    }

    /**
     * A listener whose accept queue is full: Linux drops further SYNs, so the handshake never
     * completes and the connect times out. The queue (backlog 1 holds 2) is filled before the run.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Load.class)
    void aFullAcceptQueueIsConnectTimeout(Load load) throws Exception {
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket neverAccepts = new ServerSocket()) {
            neverAccepts.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            for (int i = 0; i < 4; i++) {
                Socket filler = new Socket();
                fillers.add(filler);
                try {
                    filler.connect(neverAccepts.getLocalSocketAddress(), 200);
                } catch (IOException ignored) {
                    // the queue is already full: exactly what we wanted
                }
            }
            assertCountedAs(URI.create("http://127.0.0.1:" + neverAccepts.getLocalPort() + "/"), load, FailureCategory.CONNECT_TIMEOUT);
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    private static TrialResult assertCountedAs(URI target, Load load, FailureCategory expected) throws InterruptedException {
        LoadSpec spec = load.apply(LoadSpec.to(target)).duration(DURATION).connectTimeout(TIMEOUT).readTimeout(TIMEOUT).build();
        long start = System.nanoTime();
        TrialResult r = LoadGenerator.run(spec);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(r.failures()).as("failures").isPositive();
        assertThat(r.successes()).as("successes").isZero();
        assertThat(r.failuresByCategory()).as("failures by category").isEqualTo(Map.of(expected, r.failures()));
        assertThat(r.failureExamples().get(expected)).as("examples").isNotEmpty();
        if (expected == FailureCategory.HTTP_STATUS) {
            assertThat(r.failuresByStatus()).isEqualTo(Map.of(500, r.failures()));
        }
        assertThat(elapsed).as("run time").isLessThan(DURATION.plus(TIMEOUT).plus(TIMEOUT).plus(SLACK));
        System.out.printf("%s, %s: %d failures in %d ms, e.g. %s%n", expected, load, r.failures(), elapsed.toMillis(),
                r.failureExamples().get(expected).get(0));
        return r;
    }
}
