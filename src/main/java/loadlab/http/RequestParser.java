package loadlab.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental parser for HTTP/1.x requests (RFC 9112), strict where leniency is dangerous.
 *
 * <p>Bytes go in with {@code feed} as they arrive, in pieces of any size; {@link #next()} returns a
 * request once all of it is there, or null while more is needed. The same parser serves blocking
 * sockets and the NIO event loop. Bytes after a request stay buffered for the next one
 * (pipelining).
 *
 * <p>Memory: the head is collected in a small buffer. A body framed by Content-Length goes straight
 * into the request's own array, allocated once at its exact size; a chunked body grows the buffer,
 * which shrinks back once the request is out. Both take their bytes from the server's
 * {@link ByteBudget} first (503 when it is spent), and give them back when the server says the
 * echo is written ({@link #done}) or the connection ends ({@link #close}).
 *
 * <p>What the head may hold is in {@link HeadParser}; the chunked framing in {@link ChunkedBody}.
 */
public final class RequestParser {

    /** Where the parser is in the current request, so that a server can start the right clock. */
    public enum Phase { BETWEEN, HEAD, BODY }

    /** RFC 9112, 2.2: ignore at least one empty line before a request line; more than this is an attack. */
    public static final int MAX_LEADING_EMPTY_LINES = 8;
    private static final int SCRATCH_BYTES = 4096;

    private final HttpLimits limits;
    private final ByteBudget budget;
    private byte[] buf = new byte[SCRATCH_BYTES];
    private int start;        // first unconsumed byte
    private int end;          // one past the last byte received
    private int scanned;      // how far the search for the blank line has got
    private int emptyLines;   // skipped before the current request line
    private HeadParser.Head head; // the current request's head, once complete
    private int headLength;
    private byte[] request;   // Content-Length framing: the request's own array, head and body
    private int filled;
    private ChunkedBody chunks; // chunked framing: the body is in buf from bodyAt, scanned up to chunkScan
    private int bodyAt;
    private int chunkScan;
    private long chunkHeld;   // budget taken for the chunked request so far
    private long held;        // all the budget this parser holds
    private boolean continueDue;

    public RequestParser(HttpLimits limits) {
        this(limits, ByteBudget.of(Long.MAX_VALUE));
    }

    public RequestParser(HttpLimits limits, ByteBudget budget) {
        this.limits = limits;
        this.budget = budget;
    }

    public void feed(byte[] src, int off, int len) {
        int n = bodyRoom(len);
        if (n > 0) {
            System.arraycopy(src, off, request, filled, n);
            filled += n;
        }
        append(len - n);
        System.arraycopy(src, off + n, buf, end, len - n);
        end += len - n;
    }

    public void feed(ByteBuffer src) {
        int n = bodyRoom(src.remaining());
        if (n > 0) {
            src.get(request, filled, n);
            filled += n;
        }
        int rest = src.remaining();
        append(rest);
        src.get(buf, end, rest);
        end += rest;
    }

    // How many bytes of an incoming piece go into the request's own array (Content-Length framing).
    private int bodyRoom(int len) {
        return request == null ? 0 : Math.min(len, request.length - filled);
    }

    /** True when part of a request has arrived but not all of it. */
    public boolean isMidRequest() {
        return phase() != Phase.BETWEEN;
    }

    public Phase phase() {
        if (head != null) {
            return Phase.BODY;
        }
        return end > start || emptyLines > 0 ? Phase.HEAD : Phase.BETWEEN;
    }

    /** Bytes of the current request's body received so far, framing included. */
    public long bodyBytesReceived() {
        if (head == null) {
            return 0;
        }
        return chunks != null ? end - bodyAt : filled - headLength;
    }

    /**
     * True once for a request that asked {@code Expect: 100-continue}, when its head has arrived and
     * its body has not: the caller sends {@link HttpResponses#CONTINUE} before reading on.
     */
    public boolean takeContinue() {
        boolean due = continueDue;
        continueDue = false;
        return due;
    }

    /** The next complete request, or null if more bytes are needed. */
    public HttpRequest next() throws HttpError {
        if (head == null && !readHead()) {
            return null;
        }
        HttpRequest complete = chunks != null ? chunkedRequest() : lengthRequest();
        if (complete == null) {
            return null;
        }
        head = null;
        request = null;
        chunks = null;
        emptyLines = 0;
        continueDue = false;
        if (buf.length > SCRATCH_BYTES && end - start <= SCRATCH_BYTES) {
            shrink();
        }
        return complete;
    }

    /** The echo of {@code request} is written: its bytes no longer count against the budget. */
    public void done(HttpRequest request) {
        long bytes = request.chunked() || request.raw().length > request.headLength() ? request.raw().length : 0;
        bytes = Math.min(bytes, held);
        held -= bytes;
        budget.release(bytes);
    }

    /** The connection is over: gives back whatever this parser still holds of the budget. */
    public void close() {
        budget.release(held);
        held = 0;
        request = null;
        buf = new byte[0];
        start = end = scanned = 0;
    }

    private boolean readHead() throws HttpError {
        skipLeadingEmptyLines();
        int headEnd = findHeadEnd();
        if (headEnd < 0) {
            if (end - start > limits.maxHeadBytes()) {
                throw new HttpError(431, "request line and headers exceed " + limits.maxHeadBytes() + " bytes");
            }
            return false;
        }
        headLength = headEnd - start;
        if (headLength > limits.maxHeadBytes()) {
            throw new HttpError(431, "request line and headers exceed " + limits.maxHeadBytes() + " bytes");
        }
        HeadParser.Head parsed = HeadParser.parse(new String(buf, start, headLength, StandardCharsets.ISO_8859_1), limits);
        head = parsed;
        if (parsed.chunked()) {
            chunks = new ChunkedBody(limits);
            chunkHeld = 0;
            bodyAt = headEnd;
            chunkScan = headEnd;
        } else if (parsed.contentLength() > 0) {
            int total = headLength + (int) parsed.contentLength();
            reserve(total);
            request = new byte[total];
            int body = Math.min(end - headEnd, (int) parsed.contentLength());
            System.arraycopy(buf, start, request, 0, headLength + body);
            filled = headLength + body;
            start = headEnd + body;
            scanned = start;
        }
        continueDue = parsed.expectsContinue() && (parsed.chunked() || parsed.contentLength() > 0);
        return true;
    }

    private HttpRequest lengthRequest() {
        if (request == null) { // no body: the head alone, copied out of the buffer
            byte[] raw = Arrays.copyOfRange(buf, start, start + headLength);
            start += headLength;
            scanned = start;
            return build(raw, false);
        }
        if (filled < request.length) {
            return null;
        }
        continueDue = false;
        return build(request, false);
    }

    private HttpRequest chunkedRequest() throws HttpError {
        int bodyEnd = chunks.consume(buf, chunkScan, end);
        chunkScan = bodyEnd < 0 ? end : bodyEnd;
        long needed = chunkScan - start;
        if (needed > chunkHeld) { // take the budget in steps of at least 64 KiB, not per byte
            long more = Math.max(needed - chunkHeld, 64 * 1024);
            reserve(more);
            chunkHeld += more;
        }
        if (bodyEnd < 0) {
            return null;
        }
        byte[] raw = Arrays.copyOfRange(buf, start, bodyEnd);
        long excess = chunkHeld - raw.length; // keep exactly the request's size until it is written
        held -= excess;
        budget.release(excess);
        start = bodyEnd;
        scanned = start;
        continueDue = false;
        return build(raw, true);
    }

    private HttpRequest build(byte[] raw, boolean chunked) {
        return new HttpRequest(head.method(), head.target(), head.version(), head.headers(), raw, headLength, chunked);
    }

    private void reserve(long bytes) throws HttpError {
        if (!budget.tryReserve(bytes)) {
            throw busy();
        }
        held += bytes;
    }

    private HttpError busy() {
        return new HttpError(503, "server busy: the request bodies it holds would exceed its budget of "
                + budget.capacity() + " bytes; try again");
    }

    private void skipLeadingEmptyLines() throws HttpError {
        while (end - start >= 2 && buf[start] == '\r' && buf[start + 1] == '\n') {
            if (++emptyLines > MAX_LEADING_EMPTY_LINES) {
                throw HttpError.badRequest("more than " + MAX_LEADING_EMPTY_LINES + " empty lines before the request line");
            }
            start += 2;
            scanned = Math.max(scanned, start);
        }
    }

    /** Finds the blank line that ends the head; rejects a bare LF or a bare CR on the way. */
    private int findHeadEnd() throws HttpError {
        for (int i = Math.max(scanned, start); i < end; i++) {
            byte b = buf[i];
            if (b == '\n' && (i == start || buf[i - 1] != '\r')) {
                throw HttpError.badRequest("bare LF in request head: lines must end with CRLF");
            }
            if (b == '\r' && i + 1 < end && buf[i + 1] != '\n') {
                throw HttpError.badRequest("bare CR in request head");
            }
            if (b == '\n' && i - start >= 3 && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                scanned = i + 1;
                return i + 1;
            }
        }
        scanned = Math.max(start, end - 1); // the last byte may be a CR whose LF is still to come
        return -1;
    }

    // Makes room for len more bytes at end: compacts, or grows (a chunked body, a long head, or a burst
    // of pipelined requests). A chunked body's growth is paid for in chunkedRequest(), from the budget.
    private void append(int len) {
        if (end + len <= buf.length) {
            return;
        }
        int live = end - start;
        shift(live + len <= buf.length ? buf : new byte[Math.max(buf.length * 2, live + len)]);
    }

    private void shrink() {
        shift(new byte[SCRATCH_BYTES]);
    }

    // Moves the live bytes to the start of `to`, which becomes the buffer.
    private void shift(byte[] to) {
        int by = start;
        System.arraycopy(buf, start, to, 0, end - start);
        buf = to;
        end -= by;
        start = 0;
        scanned = Math.max(0, scanned - by);
        bodyAt -= by;
        chunkScan -= by;
    }
}
