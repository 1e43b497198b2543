package loadlab.load;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import loadlab.http.HttpResponse;
import loadlab.http.MalformedResponseException;
import loadlab.http.ResponseParser;

/**
 * One request at a time: a connection (kept between requests, or new for each) and the buffer the
 * requests are written into. A closed-loop user owns one lane; the open loop keeps a pool of them.
 *
 * <p>Every response is read by the strict {@link ResponseParser} and must be a 2xx whose body is
 * exactly the bytes sent; a Content-Length that can't be that is refused before the body is read.
 * The response to HEAD has no body: its Content-Length must be the length of the request. After any
 * failure the connection is closed; the next request opens a new one.
 *
 * <p>A server may close a keep-alive connection while it is idle (its idle timeout), and the next
 * request then finds it closed before any response byte (or reset while sending). That is not the
 * server failing a request: the request is sent once more on a new connection, and the retry is
 * counted in {@link TrialResult#staleConnectionRetries()}, not as a failure. Only a connection that
 * has already carried a response gets this retry, and only once: a server that closes every
 * connection at once fails the retry on its fresh connection, and that failure counts.
 */
final class Lane implements AutoCloseable {

    /** The read buffer of every connection this lane opens; responses are an echo, so about a request's size. */
    private static final int READ_BUFFER_BYTES = 8 * 1024;
    private static final int WRITE_BUFFER_BYTES = 64 * 1024;

    private final Target target;
    private final byte[] request;
    private int length;
    private final ByteBuffer outgoing; // direct: a socket write from a heap array would copy through a temporary one
    private final ResponseStream in = new ResponseStream(READ_BUFFER_BYTES);
    private volatile ClientConnection connection; // volatile: the hard stop closes it from another thread
    /** Stale keep-alive connections retried during the last exchange (0 or 1). */
    int staleRetries;

    Lane(Target target) {
        this.target = target;
        this.request = target.encoder.newBuffer();
        this.outgoing = ByteBuffer.allocateDirect(Math.min(request.length, WRITE_BUFFER_BYTES));
        target.register(this);
    }

    /** Sends request {@code seq} and checks the response; null when it succeeded. */
    Failure exchange(long seq) {
        length = target.encoder.encode(seq, request);
        staleRetries = 0;
        long began = System.nanoTime();
        while (true) {
            Failure.Phase phase = Failure.Phase.CONNECTING;
            ClientConnection c = connection;
            boolean reused = false;
            long consumedBefore = 0;
            try {
                if (c == null) {
                    if (target.aborted()) {
                        throw new SocketException("the run is stopping");
                    }
                    c = new ClientConnection(target);
                    connection = c;
                    if (target.aborted()) {
                        c.close(); // the hard stop came and may not have seen this connection
                    }
                    c.connect(target, in);
                }
                reused = c.reused;
                consumedBefore = in.consumed();
                phase = Failure.Phase.SENDING;
                c.arm(System.nanoTime() + target.readNanos);
                send(c);
                phase = Failure.Phase.RECEIVING;
                HttpResponse head = ResponseParser.readFinalHead(in);
                Failure notTheEcho = checkLength(head, seq);
                if (notTheEcho != null) {
                    c.disarm();
                    closeConnection(); // its body is left unread: the connection can carry nothing more
                    return notTheEcho;
                }
                HttpResponse response = ResponseParser.readBody(in, head, target.encoder.method);
                c.reused = true;
                if (c.disarm() // the deadline passed as the response came in: the watchdog closes the connection
                        || target.mode == ConnectionMode.NEW_CONNECTION_PER_REQUEST || response.closes()) {
                    closeConnection();
                }
                return check(response, seq);
            } catch (IOException e) {
                IOException cause = e;
                if (phase != Failure.Phase.CONNECTING && c.disarm()) {
                    cause = new SocketTimeoutException("no complete response within the read timeout of "
                            + target.readNanos / 1_000_000 + " ms");
                }
                boolean nothingReceived = in.consumed() == consumedBefore;
                closeConnection();
                if (target.aborted()) {
                    target.cutShort.increment();
                    return Failure.cutShort(seq, System.nanoTime() - began);
                }
                if (reused && staleRetries == 0 && nothingReceived && cause == e && isStaleSign(e, phase)) {
                    staleRetries++;
                    continue;
                }
                return Failure.of(cause, phase, seq, System.nanoTime() - began);
            }
        }
    }

    private void send(ClientConnection c) throws IOException {
        for (int at = 0; at < length; ) {
            int n = Math.min(outgoing.capacity(), length - at);
            outgoing.clear();
            outgoing.put(request, at, n).flip();
            c.write(outgoing);
            at += n;
        }
    }

    private static boolean isStaleSign(IOException e, Failure.Phase phase) {
        return phase == Failure.Phase.SENDING
                || e instanceof MalformedResponseException // the end of the stream before any byte
                || Failure.isReset(e);
    }

    private Failure check(HttpResponse response, long seq) {
        if (response.status() / 100 != 2) {
            closeConnection(); // after any failure, a fresh connection
            String body = firstLine(response.body(), response.body().length);
            return new Failure(FailureCategory.HTTP_STATUS, response.status(),
                    "request " + seq + ": " + response.status() + " " + response.reason() + (body.isEmpty() ? "" : ": " + body));
        }
        // Its Content-Length was checked; it must have no body. One that comes with the head is caught
        // here; one that comes later breaks the next response, which the strict parser refuses.
        if (target.encoder.method.equals("HEAD")) {
            if (in.available() == 0) {
                return null;
            }
            closeConnection();
            return new Failure(FailureCategory.WRONG_ECHO, 0, "request " + seq + ": the response to HEAD has a body");
        }
        byte[] body = response.body();
        if (!Arrays.equals(body, 0, body.length, request, 0, length)) {
            closeConnection();
            return new Failure(FailureCategory.WRONG_ECHO, 0, "request " + seq + ": sent \"" + firstLine(request, length)
                    + "\" (" + length + " bytes), the echo was \"" + firstLine(body, body.length) + "\" (" + body.length + " bytes)");
        }
        return null;
    }

    // A 2xx whose Content-Length is not the request's length can't be its echo: known before its body is read.
    private Failure checkLength(HttpResponse head, long seq) throws MalformedResponseException {
        if (head.status() / 100 != 2) {
            return null;
        }
        int declared = ResponseParser.contentLength(head);
        if (declared == length) {
            return null;
        }
        return new Failure(FailureCategory.WRONG_ECHO, 0, "request " + seq + ": sent " + length + " bytes, the response's"
                + " Content-Length is " + declared + ": it can't be the echo (its body was not read)");
    }

    private static String firstLine(byte[] bytes, int n) {
        int end = 0;
        while (end < n && end < 100 && bytes[end] != '\r' && bytes[end] != '\n') {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /** The watchdog's check of this lane's connection. */
    void expireIfDue(long now) {
        ClientConnection c = connection;
        if (c != null) {
            c.expireIfDue(now);
        }
    }

    /** Closes the connection from another thread: the hard stop. */
    void abort() {
        ClientConnection c = connection;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void close() {
        closeConnection();
    }
}
