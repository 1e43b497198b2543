package loadlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import loadlab.http.MalformedResponseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's server, replicated, fails exactly where the seed's load test failed. These tests pin
 * the faults down, so that a student can see each one, and so that nobody "fixes" the replica by
 * accident.
 */
class NaiveServerTest {

    private static EchoServer server;

    @BeforeAll
    static void start() throws IOException {
        server = Models.start("naive", ServerConfig.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theStrictParserRejectsItsResponseForTheBareLf() throws IOException {
        try (RawClient client = RawClient.connect(server)) {
            client.send(Requests.get("/"));
            assertThatThrownBy(client::read)
                    .isInstanceOf(MalformedResponseException.class)
                    .hasMessageContaining("bare LF");
        }
    }

    // Without a Content-Length the only end of the body is the end of the connection: a client
    // can't tell a complete echo from one cut short, and can't keep the connection for another request.
    @Test
    void itsResponseHasBareLfLineEndsAndNoContentLength() throws IOException {
        String request = Requests.get("/");
        try (RawClient client = RawClient.connect(server)) {
            client.send(request);
            String response = new String(client.in().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 200 OK\n\n").endsWith(request);
            String head = response.substring(0, response.indexOf("\n\n"));
            assertThat(head).doesNotContain("\r").doesNotContainIgnoringCase("Content-Length");
        }
    }

    // A request over 1,024 bytes: the server reads 1,024, answers and closes with the rest unread,
    // so the kernel sends a reset. Either the client reads an echo cut at 1,024 bytes, or the reset
    // destroys the response before it is read, which is what the seed's load test counted as failures.
    @Test
    void aRequestOver1024BytesIsCutOrResetByTheServer() throws Exception {
        byte[] request = Requests.post("/big", Requests.allByteValues(4_000));
        try (RawClient client = RawClient.connect(server)) {
            client.send(request);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            SocketException reset = readUntilEndOrReset(client.in(), received);
            byte[] prefix = "HTTP/1.1 200 OK\n\n".getBytes(StandardCharsets.US_ASCII);
            if (reset == null) {
                assertThat(received.toByteArray()).as("an echo cut at 1,024 bytes")
                        .hasSize(prefix.length + 1024)
                        .startsWith(Requests.concat(prefix, java.util.Arrays.copyOf(request, 1024)));
            } else {
                assertThat(reset).hasMessageContaining("reset");
                assertThat(received.size()).as("bytes before the reset").isLessThanOrEqualTo(prefix.length + 1024);
            }
        }
    }

    // Many clients send a large request's head, then its body. The server's one read takes the head,
    // answers and closes; the body then arrives at a closed socket, the kernel answers it with a
    // reset, and the client, still sending, fails: the seed's "failures after 3,725 requests".
    @Test
    void aClientStillSendingItsBodyFindsTheConnectionReset() throws Exception {
        try (RawClient client = RawClient.connect(server)) {
            client.send("POST /big HTTP/1.1\r\nHost: localhost\r\nContent-Length: 40000\r\n\r\n");
            Thread.sleep(100); // the server reads the head alone, answers and closes
            SocketException failure = null;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (failure == null && System.nanoTime() < deadline) {
                try {
                    client.send(new byte[1000]); // the first writes may succeed: the reset comes back to them
                    Thread.sleep(20);
                } catch (SocketException e) {
                    failure = e;
                }
            }
            assertThat(failure).as("a send failing on the reset connection").isNotNull();
            assertThat(failure.getMessage()).containsAnyOf("Broken pipe", "Connection reset");
        }
    }

    private static SocketException readUntilEndOrReset(InputStream in, ByteArrayOutputStream into) throws IOException {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                into.write(buffer, 0, n);
            }
            return null;
        } catch (SocketException e) {
            return e;
        }
    }
}
