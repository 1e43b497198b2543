package loadlab.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An incremental parser for a strict, safe subset of HTTP/1.x requests (RFC 9112).
 *
 * <p>Bytes go in with {@code feed} as they arrive, in pieces of any size; {@link #next()} returns a
 * request once all of it is there, or null while more is needed. The same parser serves blocking
 * sockets and the NIO event loop. Bytes after a request stay buffered for the next one
 * (pipelining).
 *
 * <p>Strict on purpose: CRLF line endings only, no obsolete line folding, one Host, and a body
 * framed only by Content-Length. Ambiguous framing (Content-Length with Transfer-Encoding, or two
 * different lengths) is the raw material of request smuggling, so it is refused with 400.
 */
public final class RequestParser {

    private final HttpLimits limits;
    private byte[] buf = new byte[4096];
    private int start;      // first byte of the current request
    private int end;        // one past the last byte received
    private int scanned;    // how far the search for the blank line has got
    private int headEnd = -1; // one past the blank line of the current head, once found
    private HttpRequest pendingHead; // parsed head waiting for its body
    private int bodyLength;

    public RequestParser(HttpLimits limits) {
        this.limits = limits;
    }

    public void feed(byte[] src, int off, int len) {
        ensureRoom(len);
        System.arraycopy(src, off, buf, end, len);
        end += len;
    }

    public void feed(ByteBuffer src) {
        int len = src.remaining();
        ensureRoom(len);
        src.get(buf, end, len);
        end += len;
    }

    /** True when part of a request has arrived but not all of it. */
    public boolean isMidRequest() {
        return end > start;
    }

    /** The next complete request, or null if more bytes are needed. */
    public HttpRequest next() throws HttpError {
        if (headEnd < 0) {
            skipLeadingEmptyLines();
            headEnd = findHeadEnd();
            if (headEnd < 0) {
                if (end - start > limits.maxHeadBytes()) {
                    throw new HttpError(431, "request line and headers exceed " + limits.maxHeadBytes() + " bytes");
                }
                return null;
            }
            if (headEnd - start > limits.maxHeadBytes()) {
                throw new HttpError(431, "request line and headers exceed " + limits.maxHeadBytes() + " bytes");
            }
            pendingHead = parseHead(new String(buf, start, headEnd - start, StandardCharsets.ISO_8859_1));
            bodyLength = contentLength(pendingHead);
        }
        if (end - headEnd < bodyLength) {
            return null;
        }
        int requestEnd = headEnd + bodyLength;
        HttpRequest head = pendingHead;
        HttpRequest request = new HttpRequest(head.method(), head.target(), head.version(), head.headers(),
                Arrays.copyOfRange(buf, headEnd, requestEnd), Arrays.copyOfRange(buf, start, requestEnd));
        start = requestEnd;
        scanned = start;
        headEnd = -1;
        pendingHead = null;
        return request;
    }

    // RFC 9112 section 2.2: a server SHOULD ignore at least one empty line before the request line.
    private void skipLeadingEmptyLines() {
        while (end - start >= 2 && buf[start] == '\r' && buf[start + 1] == '\n') {
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

    private static HttpRequest parseHead(String head) throws HttpError {
        String[] lines = head.substring(0, head.length() - 4).split("\r\n", -1);
        String[] parts = lines[0].split(" ", -1);
        if (parts.length != 3) {
            throw HttpError.badRequest("malformed request line: expected METHOD SP target SP version");
        }
        String method = parts[0];
        String target = parts[1];
        String version = parts[2];
        if (!Tokens.isToken(method)) {
            throw HttpError.badRequest("malformed method");
        }
        if (target.isEmpty() || !Tokens.isVisible(target)) {
            throw HttpError.badRequest("malformed request target");
        }
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            if (version.matches("HTTP/\\d\\.\\d")) {
                throw new HttpError(505, "HTTP version " + version.substring(5) + " is not supported");
            }
            throw HttpError.badRequest("malformed HTTP version");
        }
        List<HttpRequest.Header> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            headers.add(parseHeader(lines[i]));
        }
        HttpRequest request = new HttpRequest(method, target, version, List.copyOf(headers), null, null);
        long hosts = headers.stream().filter(h -> h.name().equalsIgnoreCase("Host")).count();
        if (hosts > 1 || (hosts == 0 && version.equals("HTTP/1.1"))) {
            throw HttpError.badRequest("an HTTP/1.1 request needs exactly one Host header, found " + hosts);
        }
        return request;
    }

    private static HttpRequest.Header parseHeader(String line) throws HttpError {
        if (line.startsWith(" ") || line.startsWith("\t")) {
            throw HttpError.badRequest("obsolete line folding is not accepted");
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw HttpError.badRequest("malformed header field: no name before ':'");
        }
        String name = line.substring(0, colon);
        if (!Tokens.isToken(name)) {
            throw HttpError.badRequest("malformed header field name");
        }
        String value = line.substring(colon + 1).strip();
        if (!Tokens.isFieldValue(value)) {
            throw HttpError.badRequest("control character in value of header " + name);
        }
        return new HttpRequest.Header(name, value);
    }

    private int contentLength(HttpRequest head) throws HttpError {
        boolean hasTransferEncoding = head.header("Transfer-Encoding").isPresent();
        long length = -1;
        for (HttpRequest.Header h : head.headers()) {
            if (!h.name().equalsIgnoreCase("Content-Length")) {
                continue;
            }
            for (String item : h.value().split(",", -1)) {
                String digits = item.strip();
                if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw HttpError.badRequest("malformed Content-Length");
                }
                long value = Long.parseLong(digits);
                if (length >= 0 && value != length) {
                    throw HttpError.badRequest("conflicting Content-Length values");
                }
                length = value;
            }
        }
        if (hasTransferEncoding && length >= 0) {
            throw HttpError.badRequest("both Content-Length and Transfer-Encoding: the body's length is ambiguous");
        }
        if (hasTransferEncoding) {
            throw new HttpError(501, "Transfer-Encoding (chunked request bodies) is not implemented; send Content-Length");
        }
        if (length > limits.maxBodyBytes()) {
            throw new HttpError(413, "body of " + length + " bytes exceeds " + limits.maxBodyBytes() + " bytes");
        }
        return (int) Math.max(length, 0);
    }

    private void ensureRoom(int len) {
        if (end + len <= buf.length) {
            return;
        }
        int live = end - start;
        if (live + len <= buf.length && start > 0) {
            compact();
            return;
        }
        byte[] bigger = new byte[Math.max(buf.length * 2, live + len)];
        System.arraycopy(buf, start, bigger, 0, live);
        shift(start);
        buf = bigger;
    }

    private void compact() {
        System.arraycopy(buf, start, buf, 0, end - start);
        shift(start);
    }

    private void shift(int by) {
        end -= by;
        scanned = Math.max(0, scanned - by);
        if (headEnd >= 0) {
            headEnd -= by;
        }
        start = 0;
    }
}
