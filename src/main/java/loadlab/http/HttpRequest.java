package loadlab.http;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One parsed request. {@code raw} holds the bytes exactly as they arrived (request line, headers,
 * blank line, body as sent, chunked or not): that is what the echo sends back, and the only copy of
 * the request a server keeps. The head is its first {@code headLength} bytes. {@code version} is
 * the version the request is served as: HTTP/1.2 to 1.9 are served as HTTP/1.1.
 */
public record HttpRequest(String method, String target, String version, List<Header> headers,
                          byte[] raw, int headLength, boolean chunked) {

    public record Header(String name, String value) { }

    /** The first value of a header, matched without regard to case as RFC 9110 says. */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    /**
     * The body's content: the bytes after the head, or for a chunked body its chunks' data joined.
     * Made on each call (the servers echo {@code raw} and never need it).
     */
    public byte[] body() {
        if (!chunked) {
            return Arrays.copyOfRange(raw, headLength, raw.length);
        }
        try {
            return ChunkedBody.decode(raw, headLength);
        } catch (HttpError e) {
            throw new IllegalStateException("a parsed chunked body no longer decodes: " + e.getMessage(), e);
        }
    }

    /**
     * HTTP/1.1 keeps the connection open unless the client says {@code Connection: close};
     * HTTP/1.0 closes it unless the client says {@code Connection: keep-alive}.
     */
    public boolean keepAlive() {
        if (version.equals("HTTP/1.1")) {
            return !hasConnectionOption(headers, "close");
        }
        return hasConnectionOption(headers, "keep-alive");
    }

    /**
     * Whether a Connection header lists the option. The header is a comma-separated list of tokens
     * (RFC 9110, 7.6.1), possibly over several lines, so "x-not-close" is not "close".
     */
    static boolean hasConnectionOption(List<Header> headers, String option) {
        // Loops, not streams: the load generator asks this of every response.
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase("Connection")) {
                for (String token : h.value().split(",")) {
                    if (Tokens.trimOws(token).equalsIgnoreCase(option)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
