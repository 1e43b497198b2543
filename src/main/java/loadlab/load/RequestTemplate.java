package loadlab.load;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What every request looks like: method, path, extra headers, body size. The generator adds
 * {@code Host}, {@code Content-Length} when there is a body, {@code Connection: close} for a new
 * connection per request, and a sequence number in the query ({@code ?seq=N}, or {@code &seq=N}) so
 * that no two requests are alike and an echo of the wrong one is caught.
 */
public record RequestTemplate(String method, String path, Map<String, String> headers, int bodyBytes) {

    /** The servers' default body limit: a bigger body would only measure 413 responses. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final Set<String> RESERVED = Set.of("host", "content-length", "connection", "transfer-encoding");

    public RequestTemplate {
        if (method == null || method.isEmpty() || !method.chars().allMatch(RequestTemplate::isTokenChar)) {
            throw new IllegalArgumentException("not an HTTP method: '" + method + "'");
        }
        if (path == null || !path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c >= 127 || c == '#')) {
            throw new IllegalArgumentException("the path must start with / and hold no spaces, controls, "
                    + "non-ASCII or fragment: '" + path + "'");
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (name.isEmpty() || !name.chars().allMatch(RequestTemplate::isTokenChar)) {
                throw new IllegalArgumentException("not a header name: '" + name + "'");
            }
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("the generator sets " + name + " itself");
            }
            if (value.chars().anyMatch(c -> (c < ' ' && c != '\t') || c >= 127)) {
                throw new IllegalArgumentException("header " + name + " has a control or non-ASCII character in its value");
            }
            copy.put(name, value);
        });
        headers = Collections.unmodifiableMap(copy); // keeps the order: requests are built in it
        if (bodyBytes < 0 || bodyBytes > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("body size must be 0.." + MAX_BODY_BYTES + " bytes, was " + bodyBytes);
        }
    }

    /** {@code GET /}, no extra headers, no body. */
    public static RequestTemplate get() {
        return new RequestTemplate("GET", "/", Map.of(), 0);
    }

    public static RequestTemplate post(String path, int bodyBytes) {
        return new RequestTemplate("POST", path, Map.of(), bodyBytes);
    }

    public RequestTemplate withMethod(String m) {
        return new RequestTemplate(m, path, headers, bodyBytes);
    }

    public RequestTemplate withPath(String p) {
        return new RequestTemplate(method, p, headers, bodyBytes);
    }

    public RequestTemplate withHeader(String name, String value) {
        LinkedHashMap<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new RequestTemplate(method, path, more, bodyBytes);
    }

    public RequestTemplate withBodyBytes(int n) {
        return new RequestTemplate(method, path, headers, n);
    }

    private static boolean isTokenChar(int c) {
        return c > ' ' && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
