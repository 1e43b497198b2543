package loadlab.http;

import java.util.List;
import java.util.Optional;

/** A response as the strict {@link ResponseParser} read it. */
public record HttpResponse(int status, String reason, List<HttpRequest.Header> headers, byte[] body) {

    public Optional<String> header(String name) {
        for (HttpRequest.Header h : headers) { // a loop, not a stream: the load generator asks this of every response
            if (h.name().equalsIgnoreCase(name)) {
                return Optional.of(h.value());
            }
        }
        return Optional.empty();
    }

    /** Whether the server said it will close the connection after this response. */
    public boolean closes() {
        return HttpRequest.hasConnectionOption(headers, "close");
    }
}
