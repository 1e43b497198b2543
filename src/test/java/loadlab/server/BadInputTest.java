package loadlab.server;

import static loadlab.server.Requests.assertStillAnswers;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import loadlab.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input gets its status, or a clean close, and nothing else breaks: after each case the same
 * server still answers a normal request. Every model but naive, which has no defences by design.
 */
class BadInputTest {

    // A short idle timeout keeps the silent-client cases fast.
    private static final Duration IDLE = Duration.ofMillis(300);
    private static final RunningServers servers = new RunningServers(
            ServerConfig.defaults().withWorkers(2).withIdleTimeout(IDLE));

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    static List<String> models() {
        return Models.correctNames();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void aMalformedRequestLineGets400(String model) throws IOException {
        assertAnswered(model, "HELLO THERE\r\n\r\n", 400);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void bareLfLineEndsGet400(String model) throws IOException {
        assertAnswered(model, "GET / HTTP/1.1\nHost: localhost\n\n", 400);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void headersOver8KiBGet431(String model) throws IOException {
        assertAnswered(model, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(9_000) + "\r\n\r\n", 431);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void contentLengthWithTransferEncodingGets400(String model) throws IOException {
        assertAnswered(model, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nhello", 400);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void aTransferCodingOtherThanChunkedGets501(String model) throws IOException {
        assertAnswered(model, "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 501);
    }

    // The client sends all 2 MiB, in pieces as a real upload arrives, before it reads. The server
    // answers 413 after the head, then reads and discards the body (a lingering close): were it to
    // close at once, the kernel would answer the rest of the body with a reset, which fails the
    // client's send and can destroy the 413 before the client reads it.
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void aBodyOver1MiBGets413AndTheClientCanReadIt(String model) throws Exception {
        EchoServer server = servers.get(model);
        byte[] request = Requests.post("/huge", new byte[2 * 1024 * 1024]);
        int[] cuts = java.util.stream.IntStream.range(1, 32).map(i -> i * 64 * 1024).toArray();
        try (RawClient client = RawClient.connect(server)) {
            // Sent on another thread: a socket write has no timeout, a read does.
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    client.sendInPieces(request, cuts);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            HttpResponse response = client.read();
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.closes()).isTrue();
            sent.get(10, TimeUnit.SECONDS); // the whole body went out: no reset on the way
        }
        assertStillAnswers(server);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void aClientThatDisconnectsMidRequestBreaksNothing(String model) throws Exception {
        EchoServer server = servers.get(model);
        String partial = "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nonly part of it";
        try (RawClient client = RawClient.connect(server)) {
            client.send(partial); // then a plain close (FIN)
        }
        assertStillAnswers(server);
        try (RawClient client = RawClient.connect(server)) {
            client.send(partial);
            client.abort(); // a reset, as when a client crashes
        }
        assertStillAnswers(server);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void aClientThatSendsNothingGets408OrACleanClose(String model) throws IOException {
        assertTimedOut(model, "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void aClientThatStopsMidRequestGets408OrACleanClose(String model) throws IOException {
        assertTimedOut(model, "GET / HTTP/1.1\r\nHost: loc");
    }

    private static void assertAnswered(String model, String request, int status) throws IOException {
        EchoServer server = servers.get(model);
        try (RawClient client = RawClient.connect(server)) {
            HttpResponse response = client.exchange(request); // the strict parser: the error is valid HTTP
            assertThat(response.status()).isEqualTo(status);
            assertThat(response.header("Connection")).hasValue("close");
            assertThat(client.serverClosed()).as("the server closed the connection").isTrue();
        }
        assertStillAnswers(server);
    }

    // The server must act within a few idle timeouts (process-per-connection first starts a JVM):
    // either a valid 408 and a close, or a close without a word. A reset or a read timeout fails.
    private static void assertTimedOut(String model, String partial) throws IOException {
        EchoServer server = servers.get(model);
        try (RawClient client = RawClient.connect(server, 5_000)) {
            client.send(partial);
            long start = System.nanoTime();
            if (!client.serverClosed()) {
                HttpResponse response = client.read();
                assertThat(response.status()).isEqualTo(408);
                assertThat(response.closes()).isTrue();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        assertStillAnswers(server);
    }
}
