package loadlab.http;

import java.util.List;
import java.util.Optional;

/** A response as the strict {@link ResponseParser} read it. */
public record HttpResponse(int status, String reason, List<HttpRequest.Header> headers, byte[] body) {

    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(HttpRequest.Header::value).findFirst();
    }

    /** Whether the server said it will close the connection after this response. */
    public boolean closes() {
        return HttpRequest.hasConnectionOption(headers, "close");
    }
}
