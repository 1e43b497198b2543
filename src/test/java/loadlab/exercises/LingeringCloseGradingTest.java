package loadlab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import loadlab.http.HttpResponse;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadGenerator;
import loadlab.load.LoadSpec;
import loadlab.load.RequestTemplate;
import loadlab.load.ThinkTime;
import loadlab.load.TrialResult;
import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.Test;

/**
 * Grades exercise 1, {@link LingeringCloseServer}: that it reads the whole request, and that it
 * closes without a reset when the client is still sending, which is what the lingering close is for.
 *
 * <p>Two cases where the drain matters (see {@link StillSending}): a body over the 1 MiB limit, which
 * the server refuses with 413 as soon as it has read the head, and a request with
 * {@code Connection: close} followed by 3 MiB of pipelined requests that the server must not answer.
 * In both the server answers while request bytes are still arriving. A plain {@code close()} there
 * sends a reset, so these fail for a server that does not shut down its output and drain; no
 * timing or noise decides it. Then ConnectionResetTest's load: 4 KiB requests (four times the naive
 * server's single 1,024-byte read), a new connection each, must all succeed.
 */
@Graded(1)
class LingeringCloseGradingTest {

    private static final int REQUEST_BODY = 4096;

    @Test
    void echoesSmallAndLargeRequestsExactly() throws Exception {
        try (EchoServer server = Models.start("lingering-close", ServerConfig.defaults())) {
            Echoes.assertEchoes(server, 0);
            Echoes.assertEchoes(server, 100);
            Echoes.assertEchoes(server, 64 * 1024);
        }
    }

    // Refused after the head: 3 MiB of body are still on their way when the 413 leaves.
    @Test
    void anOversizedBodyGetsIts413AndNoReset() throws Exception {
        byte[] head = ("POST /too-large HTTP/1.1\r\nHost: loadlab\r\nContent-Length: " + StillSending.EXTRA_BYTES
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (EchoServer server = Models.start("lingering-close", ServerConfig.defaults())) {
            HttpResponse response = StillSending.exchange(server, head, "x".getBytes(StandardCharsets.US_ASCII), "413");
            assertThat(response.status()).as("status of the answer to a %d-byte body (the limit is 1 MiB)",
                    StillSending.EXTRA_BYTES).isEqualTo(413);
        }
    }

    // Connection: close ends the conversation after this request; what the client pipelined behind it is drained, unanswered.
    @Test
    void bytesPipelinedBehindConnectionCloseAreDrainedNotReset() throws Exception {
        String last = "GET /last HTTP/1.1\r\nHost: loadlab\r\nConnection: close\r\n\r\n";
        byte[] more = "GET /pipelined HTTP/1.1\r\nHost: loadlab\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (EchoServer server = Models.start("lingering-close", ServerConfig.defaults())) {
            HttpResponse response = StillSending.exchange(server, last.getBytes(StandardCharsets.US_ASCII), more,
                    "echo of the Connection: close request");
            assertThat(response.status()).as("status").isEqualTo(200);
            assertThat(new String(response.body(), StandardCharsets.US_ASCII))
                    .as("the echo: the request with Connection: close, and none of the requests pipelined behind it")
                    .isEqualTo(last);
        }
    }

    @Test
    void fourKilobyteRequestsUnderLoadGiveNoResetsAndNoFailures() throws Exception {
        TrialResult fixed = load("lingering-close");
        TrialResult naive = load("naive");

        assertThat(fixed.failuresByCategory()).as("failures of lingering-close: %s", fixed.failureExamples()).isEmpty();
        assertThat(fixed.successes()).as("requests answered by lingering-close").isGreaterThan(50);
        assertThat(naive.failures()).as("the naive server under the same load fails, the contrast").isPositive();
    }

    private static TrialResult load(String model) throws Exception {
        try (EchoServer server = Models.start(model, ServerConfig.defaults())) {
            return LoadGenerator.run(LoadSpec.to(server.uri())
                    .closed(16, 1000, ThinkTime.none())
                    .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST)
                    .request(RequestTemplate.post("/grade", REQUEST_BODY))
                    .warmup(Duration.ofMillis(300))
                    .duration(Duration.ofSeconds(2))
                    .readTimeout(Duration.ofSeconds(3))
                    .build());
        }
    }
}
