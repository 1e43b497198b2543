package loadlab.http;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One parsed request. {@code raw} holds the bytes exactly as they arrived (request line, headers,
 * blank line, body): that is what the echo sends back.
 */
public record HttpRequest(String method, String target, String version, List<Header> headers,
                          byte[] body, byte[] raw) {

    public record Header(String name, String value) { }

    /** The first value of a header, matched without regard to case as RFC 9110 says. */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
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
        return headers.stream().filter(h -> h.name().equalsIgnoreCase("Connection"))
                .flatMap(h -> Arrays.stream(h.value().split(",")))
                .anyMatch(token -> token.strip().equalsIgnoreCase(option));
    }
}
