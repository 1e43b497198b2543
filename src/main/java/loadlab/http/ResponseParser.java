package loadlab.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A strict HTTP/1.1 response reader for clients: the tests and the load generator. It rejects what a
 * lenient client would let through and a student would never notice: bare LF line endings, a
 * missing or wrong Content-Length, a truncated body. Those are exactly the faults of the seed's
 * naive server.
 *
 * <p>A client can also read {@linkplain #readFinalHead(InputStream, boolean) leniently}, as locust's
 * does (Python's {@code http.client}, under {@code requests}): a line may end in a bare LF, and a
 * response without a Content-Length ends where the server closes the connection. That is how the
 * seed's students saw no failures from a server that the strict reader refuses on its first line.
 */
public final class ResponseParser {

    public static final int MAX_HEAD_BYTES = 64 * 1024;
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private ResponseParser() { }

    /**
     * Reads exactly one response from {@code in} (which should be buffered). When the response says
     * {@code Connection: close}, also checks that nothing follows the body before the end of the
     * stream: more bytes would mean the Content-Length was wrong.
     *
     * @throws MalformedResponseException if the bytes are not a valid HTTP/1.1 response
     * @throws IOException                if the connection fails (reset, timeout)
     */
    public static HttpResponse read(InputStream in) throws IOException {
        return read(in, "GET");
    }

    /**
     * Reads the response to a request with the given method: the response to HEAD has no body,
     * whatever its Content-Length says. Interim responses (1xx but 101, such as 100 Continue) are
     * read and skipped, as a client must (RFC 9110, 15.2).
     */
    public static HttpResponse read(InputStream in, String requestMethod) throws IOException {
        return readBody(in, readFinalHead(in), requestMethod);
    }

    /** The next final response's status line and headers, after any interim ones; the body is not read yet. */
    public static HttpResponse readFinalHead(InputStream in) throws IOException {
        return readFinalHead(in, false);
    }

    /** As {@link #readFinalHead(InputStream)}; {@code lenient}: a line may end in a bare LF, as locust reads. */
    public static HttpResponse readFinalHead(InputStream in, boolean lenient) throws IOException {
        HttpResponse head = readHead(in, lenient);
        while (head.status() / 100 == 1 && head.status() != 101) {
            head = readHead(in, lenient);
        }
        return head;
    }

    /** The next response's status line and headers, interim (1xx) or final; its body is not read. */
    public static HttpResponse readHead(InputStream in) throws IOException {
        return readHead(in, false);
    }

    private static HttpResponse readHead(InputStream in, boolean lenient) throws IOException {
        String statusLine = readLine(in, true, lenient);
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 13 || statusLine.charAt(12) != ' ') {
            throw new MalformedResponseException("malformed status line: " + printable(statusLine));
        }
        String code = statusLine.substring(9, 12);
        if (!isDigits(code)) {
            throw new MalformedResponseException("malformed status code: " + printable(statusLine));
        }
        int status = Integer.parseInt(code);
        String reason = statusLine.substring(13);

        List<HttpRequest.Header> headers = new ArrayList<>();
        int headBytes = statusLine.length();
        for (String line = readLine(in, false, lenient); !line.isEmpty(); line = readLine(in, false, lenient)) {
            headBytes += line.length() + 2;
            if (headBytes > MAX_HEAD_BYTES) {
                throw new MalformedResponseException("response head exceeds " + MAX_HEAD_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !Tokens.isToken(line.substring(0, colon))) {
                throw new MalformedResponseException("malformed header line: " + printable(line));
            }
            headers.add(new HttpRequest.Header(line.substring(0, colon), Tokens.trimOws(line.substring(colon + 1))));
        }
        HttpResponse head = new HttpResponse(status, reason, List.copyOf(headers), new byte[0]);
        if (head.header("Transfer-Encoding").isPresent()) {
            throw new MalformedResponseException("Transfer-Encoding in a response: this client expects Content-Length");
        }
        return head;
    }

    /**
     * Reads the body that {@code head} announces. When the response says {@code Connection: close},
     * also checks that nothing follows the body before the end of the stream.
     */
    public static HttpResponse readBody(InputStream in, HttpResponse head, String requestMethod) throws IOException {
        return readBody(in, head, requestMethod, false);
    }

    /**
     * As {@link #readBody(InputStream, HttpResponse, String)}; {@code lenient}: a response that needs
     * a body and gives no Content-Length has the bytes up to the end of the stream as its body, as
     * HTTP/1.0 had it and as locust reads (RFC 9112, 6.3, rule 8).
     */
    public static HttpResponse readBody(InputStream in, HttpResponse head, String requestMethod, boolean lenient)
            throws IOException {
        if (lenient && !requestMethod.equals("HEAD") && delimitedByClose(head)) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new MalformedResponseException("a body without Content-Length exceeds " + MAX_BODY_BYTES + " bytes");
            }
            return new HttpResponse(head.status(), head.reason(), head.headers(), body);
        }
        int length = requestMethod.equals("HEAD") ? 0 : contentLength(head);
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new MalformedResponseException("truncated body: Content-Length says " + length
                    + " bytes, the connection closed after " + body.length);
        }
        HttpResponse response = new HttpResponse(head.status(), head.reason(), head.headers(), body);
        if (response.closes()) {
            int extra = in.read();
            if (extra >= 0) {
                throw new MalformedResponseException("bytes after the body of a Connection: close response: "
                        + "Content-Length is wrong");
            }
        }
        return response;
    }

    /**
     * The Content-Length a response head declares; 0 where none is needed (1xx, 204, 304).
     *
     * @throws MalformedResponseException if it is malformed, conflicting, too large, or missing
     */
    public static int contentLength(HttpResponse head) throws MalformedResponseException {
        List<String> values = new ArrayList<>(1);
        for (HttpRequest.Header h : head.headers()) { // a loop, not a stream: the load generator asks this of every response
            if (h.name().equalsIgnoreCase("Content-Length")) {
                values.add(h.value());
            }
        }
        if (values.isEmpty()) {
            if (head.status() == 204 || head.status() == 304 || head.status() / 100 == 1) {
                return 0;
            }
            throw new MalformedResponseException("no Content-Length: the end of the body can't be known");
        }
        if (values.size() > 1 && values.stream().distinct().count() > 1) {
            throw new MalformedResponseException("conflicting Content-Length values " + values);
        }
        String value = values.get(0);
        if (value.isEmpty() || value.length() > 9 || !isDigits(value)) {
            throw new MalformedResponseException("malformed Content-Length: " + printable(value));
        }
        int length = Integer.parseInt(value);
        if (length > MAX_BODY_BYTES) {
            throw new MalformedResponseException("Content-Length " + length + " exceeds " + MAX_BODY_BYTES);
        }
        return length;
    }

    /** A body that only the end of the stream ends: one is needed, and no Content-Length gives its size. */
    public static boolean delimitedByClose(HttpResponse head) {
        int status = head.status();
        if (status == 204 || status == 304 || status / 100 == 1) {
            return false;
        }
        for (HttpRequest.Header h : head.headers()) {
            if (h.name().equalsIgnoreCase("Content-Length")) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Reads one CRLF-terminated line; a bare LF is an error (unless lenient), as is the end of the stream. */
    private static String readLine(InputStream in, boolean first, boolean lenient) throws IOException {
        byte[] line = new byte[64]; // bytes, made a String once: cheaper than a StringBuilder char by char
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new MalformedResponseException(first && n == 0
                        ? "connection closed before any response byte"
                        : "connection closed in the middle of the response head");
            }
            if (b == '\n') {
                if (lenient) {
                    return new String(line, 0, n, StandardCharsets.ISO_8859_1);
                }
                throw new MalformedResponseException("bare LF in response head: HTTP/1.1 lines end with CRLF");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new MalformedResponseException("CR not followed by LF in response head");
                }
                return new String(line, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (n >= MAX_HEAD_BYTES) {
                throw new MalformedResponseException("response head line exceeds " + MAX_HEAD_BYTES + " bytes");
            }
            if (n == line.length) {
                line = Arrays.copyOf(line, n * 2);
            }
            line[n++] = (byte) b;
        }
    }

    /**
     * The first line of a message's bytes, at most {@code max} characters and up to the first CR or LF:
     * what an error message quotes of a body or a response that nobody asked for.
     */
    public static String firstLine(byte[] bytes, int length, int max) {
        int end = 0;
        while (end < length && end < max && bytes[end] != '\r' && bytes[end] != '\n') {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "\"" + cut.replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }
}
