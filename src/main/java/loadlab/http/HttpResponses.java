package loadlab.http;

import java.nio.charset.StandardCharsets;

/** The responses every model sends: the echo, and the errors that close a connection. */
public final class HttpResponses {

    private HttpResponses() { }

    /**
     * The echo: 200, {@code Content-Type: message/http} (RFC 9112's type for an HTTP message as a
     * body), and the request's bytes exactly as received. The answer to HEAD has the same head and
     * no body (RFC 9110, 9.3.2): a client reads none, and extra bytes would corrupt the next response.
     */
    public static byte[] echo(HttpRequest request) {
        byte[] body = request.raw();
        String head = "HTTP/1.1 200 OK\r\n"
                + "Content-Type: message/http\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: " + (request.keepAlive() ? "keep-alive" : "close") + "\r\n"
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        return request.method().equals("HEAD") ? headBytes : concat(headBytes, body);
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
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
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
