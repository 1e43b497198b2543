package loadlab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import loadlab.http.HttpResponse;
import loadlab.http.ResponseParser;
import loadlab.server.EchoServer;

/** One request on a fresh connection, checked strictly: the grading tests' correctness probe. */
final class Echoes {

    private Echoes() { }

    static HttpResponse exchange(EchoServer server, byte[] request) throws IOException {
        try (Socket socket = new Socket(server.address().getAddress(), server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request);
            return ResponseParser.read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    static void assertEchoes(EchoServer server, int bodyBytes) throws IOException {
        String body = "x".repeat(bodyBytes);
        byte[] request = ("POST /grade?body=" + bodyBytes + " HTTP/1.1\r\nHost: loadlab\r\nConnection: close\r\n"
                + "Content-Length: " + bodyBytes + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
        HttpResponse response = exchange(server, request);
        assertThat(response.status()).as("status").isEqualTo(200);
        assertThat(response.body()).as("the echo of a %d-byte body", bodyBytes).isEqualTo(request);
    }
}
