package loadlab.exercises;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import loadlab.http.HttpResponse;
import loadlab.http.ResponseParser;
import loadlab.server.EchoServer;

/**
 * A client that is still sending when the server answers, and sends all it meant to before it reads,
 * as most clients do: the case where the lingering close matters. A server that closes with request
 * bytes unread makes the kernel send a reset (RFC 1122, 4.2.2.13), and any later byte the client
 * sends gets one too, so the client's send fails, or its response is followed by a reset instead of
 * the end of the stream. A server that shuts down its output and drains lets the client finish
 * sending, read the answer and see the end of the stream.
 */
final class StillSending {

    /** Far more than the buffers between client and server hold; within what Sockets.lingeringClose drains (4 MiB). */
    static final int EXTRA_BYTES = 3 * 1024 * 1024;
    /** How long after the answer the end of the stream may take: the FIN goes out with it, a drain's timeout is 2 s. */
    static final int END_MILLIS = LingeringCloseServer.DRAIN_MILLIS / 2;
    private static final int SEND_BUFFER = 64 * 1024;
    private static final Duration SEND_DEADLINE = Duration.ofSeconds(10);
    private static final String HOW = "a close with request bytes unread sends a reset;"
            + " shut down output, read what the client still sends until it closes, then close";

    private StillSending() { }

    /** Sends {@code head} and then {@link #EXTRA_BYTES} of {@code filler} repeated, then reads one response. */
    static HttpResponse exchange(EchoServer server, byte[] head, byte[] filler, String expected) throws IOException {
        try (Socket socket = new Socket()) {
            // A small send buffer (fixed, so the kernel does not grow it): the client is still sending when the server answers.
            socket.setSendBufferSize(SEND_BUFFER);
            socket.connect(server.address(), 5_000);
            socket.setSoTimeout(5_000);
            long sent = 0;
            Thread deadline = Thread.ofVirtual().start(() -> closeAfter(socket, SEND_DEADLINE));
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head);
                byte[] chunk = repeat(filler, 64 * 1024);
                while (sent < EXTRA_BYTES) {
                    int n = (int) Math.min(chunk.length, EXTRA_BYTES - sent);
                    out.write(chunk, 0, n);
                    sent += n;
                }
                out.flush();
            } catch (IOException e) {
                if (socket.isClosed()) {
                    fail("the client could not send its request in %d s (%s of %s sent): the server stopped reading"
                            + " but did not close", SEND_DEADLINE.toSeconds(), size(sent), size(EXTRA_BYTES));
                }
                fail("the connection was reset while the client was still sending (after %s of %s), so it never"
                        + " read its %s: %s (%s)", size(sent), size(EXTRA_BYTES), expected, HOW, e.getMessage());
            } finally {
                deadline.interrupt();
            }
            return read(socket, expected);
        }
    }

    private static HttpResponse read(Socket socket, String expected) throws IOException {
        // The answer left before the client finished sending: it is here already, and the end of the stream follows it.
        socket.setSoTimeout(END_MILLIS);
        Recording in = new Recording(socket.getInputStream());
        try {
            return ResponseParser.read(new BufferedInputStream(in));
        } catch (SocketTimeoutException e) {
            if (in.received() > 0) {
                fail("the answer (%s) arrived, but the connection was still open %d ms later: after the answer,"
                        + " shutdownOutput() tells the client you are done while you drain", in.firstLine(), END_MILLIS);
            }
            fail("no answer within %d ms of the client's last byte: expected %s", END_MILLIS, expected);
        } catch (IOException e) {
            if (in.received() > 0) {
                fail("the answer (%s) arrived, then a reset instead of the end of the stream: %s (%s)",
                        in.firstLine(), HOW, e.getMessage());
            }
            fail("the client got a reset instead of its %s: %s (%s)", expected, HOW, e.getMessage());
        }
        throw new AssertionError("unreachable: fail() throws");
    }

    private static void closeAfter(Socket socket, Duration delay) {
        try {
            Thread.sleep(delay);
            socket.close(); // ends a send that the server will never read
        } catch (InterruptedException done) {
            // the send finished in time: nothing to close
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static byte[] repeat(byte[] unit, int atLeast) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(atLeast + unit.length);
        while (out.size() < atLeast) {
            out.writeBytes(unit);
        }
        return out.toByteArray();
    }

    private static String size(long bytes) {
        return bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes / 1024 + " KiB";
    }

    /** The bytes received so far, to tell "no answer" from "an answer, then a reset". */
    private static final class Recording extends FilterInputStream {
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        Recording(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }

        int received() {
            return copy.size();
        }

        String firstLine() {
            String text = new String(copy.toByteArray(), StandardCharsets.ISO_8859_1);
            int end = text.indexOf('\n');
            String line = (end >= 0 ? text.substring(0, end) : text).strip();
            return line.length() > 60 ? line.substring(0, 60) + "..." : line;
        }
    }
}
