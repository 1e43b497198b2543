package loadlab.http;

import java.nio.charset.StandardCharsets;

/** The responses every model sends: the echo, 100 Continue, and the errors that close a connection. */
public final class HttpResponses {

    /** The interim response to {@code Expect: 100-continue}: send the body now. */
    public static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private HttpResponses() { }

    /**
     * The echo's head: 200, {@code Content-Type: message/http} (RFC 9112's type for an HTTP message
     * as a body), and the length of the request's bytes, which follow as the body exactly as received
     * ({@link HttpRequest#raw()}). A server writes the two with one gathering write, so the request is
     * never copied into a response. The answer to HEAD is this head alone (RFC 9110, 9.3.2): a client
     * reads no body, and extra bytes would corrupt the next response.
     */
    public static byte[] echoHead(HttpRequest request, boolean keepAlive) {
        String head = "HTTP/1.1 200 OK\r\n"
                + "Content-Type: message/http\r\n"
                + "Content-Length: " + request.raw().length + "\r\n"
                + "Connection: " + (keepAlive ? "keep-alive" : "close") + "\r\n"
                + "\r\n";
        return head.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Whether the echo has a body after its head: every method but HEAD. */
    public static boolean echoHasBody(HttpRequest request) {
        return !request.method().equals("HEAD");
    }

    /** The whole echo in one array, for clients and tests; the models write head and raw bytes apart. */
    public static byte[] echo(HttpRequest request) {
        return echo(request, request.keepAlive());
    }

    /** The whole echo, saying whether the server keeps the connection open after it. */
    public static byte[] echo(HttpRequest request, boolean keepAlive) {
        byte[] head = echoHead(request, keepAlive);
        return echoHasBody(request) ? concat(head, request.raw()) : head;
    }

    /** An error response. It always closes the connection: the rest of the stream can't be trusted. */
    public static byte[] error(int status, String message) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n"
                + "\r\n";
        return concat(head.getBytes(StandardCharsets.ISO_8859_1), body);
    }

    public static byte[] error(HttpError error) {
        return error(error.status(), error.getMessage());
    }

    public static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 417 -> "Expectation Failed";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + status;
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
