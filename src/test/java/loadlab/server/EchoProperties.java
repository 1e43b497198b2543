package loadlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import loadlab.http.HttpArbitraries;
import loadlab.http.HttpResponse;
import loadlab.http.MalformedResponseException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Properties of running servers, against the request loops a bug would hide in differently: the
 * blocking one ({@link EchoHandler}, on virtual threads here), the event loop's, and the relay of
 * process-per-connection (fewer tries: each starts a JVM). One server per model serves every try,
 * so a try that breaks it fails the tries after it too.
 */
class EchoProperties {

    private static final Queue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
    private static Thread.UncaughtExceptionHandler previousHandler;
    private static RunningServers servers;

    @BeforeContainer
    static void start() {
        // An exception that escapes a server thread ends up here instead of vanishing into a log.
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        servers = new RunningServers(ServerConfig.defaults());
    }

    @AfterContainer
    static void stop() {
        servers.close();
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    }

    @Property(tries = 150)
    void virtualThreadsEchoAnyValidRequestCutAnywhere(@ForAll("validRequests") byte[] request,
                                                      @ForAll("cutFractions") List<Double> cuts) throws Exception {
        assertEchoed("virtual-threads", request, cuts);
    }

    @Property(tries = 150)
    void eventLoopEchoesAnyValidRequestCutAnywhere(@ForAll("validRequests") byte[] request,
                                                   @ForAll("cutFractions") List<Double> cuts) throws Exception {
        assertEchoed("event-loop", request, cuts);
    }

    @Property(tries = 200)
    void virtualThreadsSurviveAnyBytes(@ForAll("anyBytes") byte[] bytes, @ForAll("cutFractions") List<Double> cuts)
            throws Exception {
        assertSurvives("virtual-threads", bytes, cuts);
    }

    @Property(tries = 200)
    void eventLoopSurvivesAnyBytes(@ForAll("anyBytes") byte[] bytes, @ForAll("cutFractions") List<Double> cuts)
            throws Exception {
        assertSurvives("event-loop", bytes, cuts);
    }

    @Property(tries = 20)
    void processPerConnectionEchoesAnyValidRequestCutAnywhere(@ForAll("validRequests") byte[] request,
                                                              @ForAll("cutFractions") List<Double> cuts) throws Exception {
        assertEchoed("process-per-connection", request, cuts);
    }

    @Property(tries = 20)
    void processPerConnectionSurvivesAnyBytes(@ForAll("anyBytes") byte[] bytes, @ForAll("cutFractions") List<Double> cuts)
            throws Exception {
        assertSurvives("process-per-connection", bytes, cuts);
    }

    private static void assertEchoed(String model, byte[] request, List<Double> cuts) throws Exception {
        try (RawClient client = RawClient.connect(servers.get(model))) {
            client.sendInPieces(request, HttpArbitraries.cuts(cuts, request.length));
            Requests.assertEchoes(client.read(), request);
        }
        assertThat(uncaught).isEmpty();
    }

    // We send the bytes and then end our side (FIN), as a client that has said all it will does.
    // The server must answer with valid responses (an echo, if the bytes happen to hold a request,
    // or an error) and close, or close without a word; within seconds, and without a reset.
    private static void assertSurvives(String model, byte[] bytes, List<Double> cuts) throws Exception {
        EchoServer server = servers.get(model);
        try (RawClient client = RawClient.connect(server, 5_000)) {
            try {
                client.sendInPieces(bytes, HttpArbitraries.cuts(cuts, bytes.length));
                client.finishSending();
            } catch (SocketException ignored) {
                // The server answered an error and closed while we were still sending: that is allowed,
                // and what it answered is checked below.
            }
            long start = System.nanoTime();
            while (!client.serverClosed()) {
                HttpResponse response = client.read();
                assertThat(response.status()).as(response.reason()).isIn(200, 400, 408, 413, 417, 431, 501, 505);
                if (response.status() != 200) {
                    assertThat(response.closes()).as("an error closes the connection").isTrue();
                }
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } catch (MalformedResponseException e) {
            throw new AssertionError("invalid response to " + bytes.length + " bytes: " + e.getMessage(), e);
        }
        Requests.assertStillAnswers(server);
        assertThat(uncaught).isEmpty();
    }

    @Provide
    Arbitrary<byte[]> validRequests() {
        return HttpArbitraries.validRequests();
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return HttpArbitraries.anyBytes();
    }

    @Provide
    Arbitrary<List<Double>> cutFractions() {
        return HttpArbitraries.cutFractions();
    }
}
