package loadlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import loadlab.http.HttpResponse;

/** Requests the tests send, and the check that a response is their exact echo. */
final class Requests {

    private Requests() { }

    static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: loadlab-test\r\n\r\n";
    }

    static byte[] post(String target, byte[] body) {
        String head = "POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        return concat(head.getBytes(StandardCharsets.ISO_8859_1), body);
    }

    /** Every byte value, repeated: an echo that changed one byte, or a charset that did, shows. */
    static byte[] allByteValues(int length) {
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) i;
        }
        return body;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static void assertEchoes(HttpResponse response, String request) {
        assertEchoes(response, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static void assertEchoes(HttpResponse response, byte[] request) {
        assertThat(response.status()).as("status").isEqualTo(200);
        assertThat(response.header("Content-Type")).as("Content-Type").hasValue("message/http");
        byte[] echo = response.body();
        int at = Arrays.mismatch(echo, request);
        if (at >= 0) { // say where, rather than print two arrays of up to a megabyte
            fail("the echo (%d bytes) differs from the request (%d bytes) at byte %d:%n  request: %s%n  echo:    %s",
                    echo.length, request.length, at, around(request, at), around(echo, at));
        }
    }

    private static String around(byte[] bytes, int at) {
        int from = Math.max(0, at - 20);
        int to = Math.min(bytes.length, at + 20);
        String text = new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        return (from > 0 ? "..." : "") + text.replace("\r", "\\r").replace("\n", "\\n") + (to < bytes.length ? "..." : "");
    }

    /** The server answers a plain request on a fresh connection: whatever came before didn't break it. */
    static void assertStillAnswers(EchoServer server) throws IOException {
        String request = get("/still-there");
        try (RawClient client = RawClient.connect(server)) {
            assertEchoes(client.exchange(request), request);
        }
    }
}
