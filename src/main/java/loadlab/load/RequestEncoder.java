package loadlab.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes request N into a reusable buffer without allocating: the bytes before the sequence number
 * and the bytes after it are built once, and only the digits change.
 */
final class RequestEncoder {

    private static final int MAX_DIGITS = 19;

    /** The method: the response to HEAD has no body, and is checked by its Content-Length alone. */
    final String method;
    private final byte[] prefix;
    private final byte[] suffix;

    RequestEncoder(RequestTemplate template, String hostHeader, ConnectionMode mode) {
        method = template.method();
        String separator = template.path().contains("?") ? "&" : "?";
        prefix = (template.method() + " " + template.path() + separator + "seq=").getBytes(StandardCharsets.US_ASCII);
        StringBuilder head = new StringBuilder(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
        template.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (mode == ConnectionMode.NEW_CONNECTION_PER_REQUEST) {
            head.append("Connection: close\r\n");
        }
        if (template.bodyBytes() > 0) {
            head.append("Content-Length: ").append(template.bodyBytes()).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        suffix = Arrays.copyOf(headBytes, headBytes.length + template.bodyBytes());
        for (int i = 0; i < template.bodyBytes(); i++) {
            suffix[headBytes.length + i] = (byte) ('a' + i % 26); // printable, so an example stays readable
        }
    }

    /** A buffer big enough for any request this encoder writes. */
    byte[] newBuffer() {
        return new byte[prefix.length + MAX_DIGITS + suffix.length];
    }

    /** Writes request {@code seq} into {@code buffer} and returns its length. */
    int encode(long seq, byte[] buffer) {
        if (seq < 0) {
            throw new IllegalArgumentException("sequence numbers are not negative: " + seq);
        }
        System.arraycopy(prefix, 0, buffer, 0, prefix.length);
        int digits = 1;
        for (long v = seq / 10; v > 0; v /= 10) {
            digits++;
        }
        int at = prefix.length + digits;
        long v = seq;
        for (int i = at - 1; i >= prefix.length; i--) {
            buffer[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        System.arraycopy(suffix, 0, buffer, at, suffix.length);
        return at + suffix.length;
    }
}
