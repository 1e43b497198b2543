package loadlab.experiments;

import static loadlab.experiment.ExperimentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import loadlab.experiment.Experiment;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Plan;
import loadlab.experiment.Trial;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadSpec;
import loadlab.load.RequestTemplate;
import loadlab.load.ThinkTime;
import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * <h2>Where did the student's multi-thread failures come from?</h2>
 *
 * <p><b>Question.</b> The seed's multi-thread server answered 322.4 RPS and then, after 3,725
 * requests, started failing. Threads are not the problem: thread-per-connection serves thousands
 * of RPS without a failure. The handler was. What exactly goes wrong?
 *
 * <p><b>Hypothesis.</b> The seed's handler (replicated by the {@code naive} model) reads once, at
 * most 1,024 bytes, takes that as the whole request, answers, and closes. A request larger than
 * 1,024 bytes leaves bytes unread in the kernel's receive buffer, and closing a socket with unread
 * data makes the kernel abort the connection: it sends a reset (RST) instead of the orderly FIN.
 * RFC 1122, section 4.2.2.13: "If such a host issues a CLOSE call while received data is still
 * pending in TCP, or if new data is received after CLOSE is called, its TCP SHOULD send a RST to
 * show that data was lost." Linux does. The client then reads the response (Linux keeps what had
 * already arrived), and where it expected the end of the stream it gets "Connection reset"; a
 * client still sending its body gets it on the write. (Java's {@code Socket.close()} sends a FIN
 * before that reset, which would show a reading client a clean end of the stream; the naive model
 * closes as the seed's C-level close did, reset alone: see {@link loadlab.server.NaiveServer}.) A request that fits in the one read leaves
 * nothing unread, and the close is a clean FIN. thread-per-connection reads the whole request
 * (Content-Length says how much), answers, and closes cleanly: no reset.
 *
 * <p><b>Prediction, part 1: through the load generator</b> (8 closed-loop users, no think time, a
 * new connection per request, 4 KiB bodies). naive fails <b>every</b> request, each as
 * MALFORMED_RESPONSE or CONNECTION_RESET; thread-per-connection fails <b>none</b>. Our generator is
 * strict: it rejects naive's response at its first bare LF, usually before it reaches the reset,
 * so most failures are counted as malformed, and only a client caught still writing counts a reset.
 *
 * <p><b>Prediction, part 2: reading as locust does.</b> locust's HTTP client accepts bare LF and,
 * with no Content-Length, reads until the server closes. Reading naive's answer to a 4 KiB request
 * that way ends, <b>every time</b>, in "Connection reset" after the response; the same for a plain
 * GET (nothing unread) and for thread-per-connection with 4 KiB ends in a clean end of stream.
 * That reset is the failure locust counted.
 *
 * <p><b>Why the claims hold on a noisy 2-core machine.</b> They are about categories, not rates:
 * a reset follows from bytes left unread at the close, which a 4 KiB request against a
 * 1,024-byte read guarantees however busy the machine is (the request is one write on loopback,
 * all of it in the server's buffer before its read). The counts vary; the test asserts only
 * "every", "none" and "each of 20 times". Measured over several runs: naive's failures through the
 * strict generator were all malformed with 4 KiB bodies (resets appear in a few percent of
 * requests only with bodies of 256 KiB or more, when the client is still writing), while the
 * lenient reads ended in a reset 20 times out of 20, every run.
 *
 * <p><b>Budget: about 20 s.</b> 2 models × 3 rounds of a fresh server, a 0.3 s warm-up and a 1 s
 * window; then 3 × 20 single requests.
 *
 * <h3>How to run it</h3>
 * <pre>
 * mvn test -Dtest=ConnectionResetTest
 * </pre>
 *
 * <h3>What you should see</h3>
 * naive at 0 RPS (RPS counts successful responses) with every request failed, as
 * MALFORMED_RESPONSE ("bare LF in response head"); thread-per-connection at about a thousand RPS
 * with none failed; then the lenient reads: naive with 4 KiB ends in "Connection reset" after
 * about 1,040 bytes of response, the other two in an end of stream. The report is in
 * {@code target/loadlab/connection-reset/index.html}.
 */
@Tag("experiment")
class ConnectionResetTest {

    static final int BODY_BYTES = 4096;
    static final int TIMES = 20;

    static ExperimentResult result;

    @BeforeAll
    static void runTheExperiment() throws Exception {
        Plan plan = Plan.named("connection-reset").models("naive", "thread-per-connection")
                .rounds(3, 3).budget(Duration.ofSeconds(30)).build();
        LoadSpec load = LoadSpec.to(Experiment.ANY_SERVER).closed(8, Double.POSITIVE_INFINITY, ThinkTime.none())
                .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST).request(RequestTemplate.post("/", BODY_BYTES))
                .warmup(Duration.ofMillis(300)).duration(Duration.ofSeconds(1)).build();
        result = new Experiment(plan, ServerConfig.defaults(), load).run();
        System.out.println();
        System.out.println("failures by category, all trials:");
        for (String model : result.models()) {
            System.out.println("  " + model + ": " + categories(model) + " of " + result.requests(model) + " requests");
        }
    }

    @Test
    void theNaiveServerFailsEveryLargeRequest() {
        Map<String, Long> failures = categories("naive");
        assertThat(result.requests("naive")).as("requests sent to naive").isPositive();
        assertThat(result.failures("naive")).as("failures of naive: %s", failures).isEqualTo(result.requests("naive"));
        assertThat(failures.keySet()).as("failure categories of naive").isNotEmpty()
                .isSubsetOf("CONNECTION_RESET", "MALFORMED_RESPONSE");
    }

    @Test
    void readingTheWholeRequestAndClosingCleanlyFailsNone() {
        assertThat(result.requests("thread-per-connection")).as("requests sent to thread-per-connection").isPositive();
        assertThat(result).model("thread-per-connection").hasNoFailures();
    }

    static Stream<Arguments> lenientReads() {
        return Stream.of(Arguments.of("naive", BODY_BYTES, true), Arguments.of("naive", 0, false),
                Arguments.of("thread-per-connection", BODY_BYTES, false));
    }

    @ParameterizedTest(name = "{0}, a body of {1} bytes, read to the end as locust does: reset = {2}")
    @MethodSource("lenientReads")
    void aLenientClientSeesTheReset(String model, int bodyBytes, boolean reset)
            throws Exception {
        try (EchoServer server = Models.start(model, ServerConfig.defaults())) {
            for (int i = 0; i < TIMES; i++) {
                Ending ending = readToTheEnd(server, request(bodyBytes));
                System.out.println(model + ", " + bodyBytes + " bytes of body: " + ending);
                assertThat(ending.bytes()).as("response bytes read before the end (%s)", ending).isPositive();
                assertThat(ending.reset()).as("%s, request %d: %s", model, i + 1, ending).isEqualTo(reset);
            }
        }
    }

    /** How a read to the end of the stream ended: after how many bytes, with a reset or a clean end. */
    record Ending(int bytes, boolean reset, String how) {
        @Override
        public String toString() {
            return bytes + " bytes, then " + how;
        }
    }

    private static byte[] request(int bodyBytes) {
        String head = bodyBytes == 0 ? "GET /small HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                : "POST /large HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: " + bodyBytes + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + bodyBytes);
        Arrays.fill(request, headBytes.length, request.length, (byte) 'x');
        return request;
    }

    // Sends the request in one write, then reads whatever comes until the end of the stream, as a
    // client with no Content-Length to go by must.
    private static Ending readToTheEnd(EchoServer server, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(5_000);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int total = 0;
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    total += n;
                }
                return new Ending(total, false, "the end of the stream (FIN)");
            } catch (SocketException e) {
                return new Ending(total, e.getMessage() != null && e.getMessage().contains("reset"),
                        "SocketException: " + e.getMessage());
            }
        }
    }

    private static Map<String, Long> categories(String model) {
        Map<String, Long> sum = new TreeMap<>();
        for (Trial t : result.trials(model)) {
            t.measurement().failuresByCategory().forEach((k, v) -> sum.merge(k, v, Long::sum));
        }
        return sum;
    }
}
