package loadlab.exercises;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import loadlab.http.HttpError;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponses;
import loadlab.http.RequestParser;
import loadlab.server.BlockingServer;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.Test;

/**
 * Would exercise 1's grading notice a server that reads the whole request, answers, and closes
 * plainly, without {@code shutdownOutput} and the drain? It must: that close is the seed's reset.
 * The mutant below is the exercise's answer with those two steps taken out, and both of
 * {@link LingeringCloseGradingTest}'s still-sending cases must fail on it, saying why.
 */
class LingeringCloseMutantTest {

    private static final String WHY = "a close with request bytes unread sends a reset";

    @Test
    void anOversizedBodyAnsweredAndClosedPlainlyFailsTheGradingWithTheReason() throws Exception {
        byte[] head = ("POST /too-large HTTP/1.1\r\nHost: loadlab\r\nContent-Length: " + StillSending.EXTRA_BYTES
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (PlainCloseServer server = PlainCloseServer.started()) {
            assertThatThrownBy(() -> StillSending.exchange(server, head, "x".getBytes(StandardCharsets.US_ASCII), "413"))
                    .isInstanceOf(AssertionError.class).hasMessageContaining(WHY)
                    .satisfies(e -> System.out.println("plain close, oversized body: " + e.getMessage()));
        }
    }

    @Test
    void pipelinedBytesClosedOnPlainlyFailTheGradingWithTheReason() throws Exception {
        byte[] last = "GET /last HTTP/1.1\r\nHost: loadlab\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] more = "GET /pipelined HTTP/1.1\r\nHost: loadlab\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (PlainCloseServer server = PlainCloseServer.started()) {
            assertThatThrownBy(() -> StillSending.exchange(server, last, more, "echo"))
                    .isInstanceOf(AssertionError.class).hasMessageContaining(WHY)
                    .satisfies(e -> System.out.println("plain close, pipelined bytes: " + e.getMessage()));
        }
    }

    /** Exercise 1 done halfway: the whole request read and answered, then a plain close. */
    static final class PlainCloseServer extends BlockingServer {

        private PlainCloseServer() throws IOException {
            super("plain-close (mutant)", ServerConfig.defaults());
        }

        static PlainCloseServer started() throws IOException {
            return new PlainCloseServer().start();
        }

        @Override
        protected void dispatch(Socket socket) {
            Thread.ofVirtual().start(() -> {
                try (socket) {
                    socket.setSoTimeout(5_000);
                    InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream();
                    RequestParser parser = new RequestParser(config.limits());
                    byte[] chunk = new byte[16 * 1024];
                    try {
                        HttpRequest request;
                        while ((request = parser.next()) == null) {
                            int n = in.read(chunk);
                            if (n < 0) {
                                return;
                            }
                            parser.feed(chunk, 0, n);
                        }
                        out.write(HttpResponses.echo(request, false));
                    } catch (HttpError e) {
                        out.write(HttpResponses.error(e));
                    }
                    out.flush();
                    // the mutation: no shutdownOutput(), no drain; the try's close() is all
                } catch (IOException ignored) {
                    // the client went away
                } finally {
                    forget(socket);
                }
            });
        }
    }
}
