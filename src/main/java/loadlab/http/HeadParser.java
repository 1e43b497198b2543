package loadlab.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a request head may hold (RFC 9112 and RFC 9110), checked once the blank line that ends it
 * has arrived. Strict where leniency is the raw material of request smuggling or cache poisoning:
 * <ul>
 *   <li>the request line is {@code method SP target SP HTTP/x.y}; HTTP/1.2 to 1.9 are served as
 *       1.1, HTTP/2.0 and above (and 0.x) get 505;</li>
 *   <li>the target's form fits the method: {@code *} only with OPTIONS, {@code host:port} only
 *       with CONNECT, which gets 501 (this server is no proxy); otherwise {@code /path} or
 *       {@code scheme://...};</li>
 *   <li>field names are tokens, with no space before the colon and no obsolete line folding;
 *       optional whitespace is SP and HTAB only, and any other control character in a value is a
 *       400;</li>
 *   <li>exactly one Host in HTTP/1.1, and a valid {@code uri-host[:port]};</li>
 *   <li>the body is framed by Content-Length (equal values only) or by Transfer-Encoding ending in
 *       chunked, never both; another transfer coding is a 501;</li>
 *   <li>{@code Expect: 100-continue} is noted; another expectation gets 417.</li>
 * </ul>
 */
final class HeadParser {

    /** A parsed head: {@code contentLength} is -1 for a chunked body, 0 for none. */
    record Head(String method, String target, String version, List<HttpRequest.Header> headers,
                long contentLength, boolean chunked, boolean expectsContinue) { }

    private HeadParser() { }

    /** Parses a head: the request line, the field lines and the blank line, as ISO-8859-1 text. */
    static Head parse(String head, HttpLimits limits) throws HttpError {
        String[] lines = head.substring(0, head.length() - 4).split("\r\n", -1);
        String[] parts = lines[0].split(" ", -1);
        if (parts.length != 3) {
            throw HttpError.badRequest("malformed request line: expected METHOD SP target SP version");
        }
        String method = parts[0];
        String target = parts[1];
        if (!Tokens.isToken(method)) {
            throw HttpError.badRequest("malformed method");
        }
        if (target.isEmpty() || !Tokens.isVisible(target)) {
            throw HttpError.badRequest("malformed request target");
        }
        String version = servedVersion(parts[2]);
        checkTargetForm(method, target);
        List<HttpRequest.Header> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            headers.add(field(lines[i], "header"));
        }
        checkHost(headers, version);
        boolean chunked = chunked(headers, version);
        long length = contentLength(headers, chunked, limits);
        boolean expectsContinue = expectsContinue(headers, version);
        if (method.equals("CONNECT")) {
            throw new HttpError(501, "CONNECT is not implemented: this server is not a proxy");
        }
        return new Head(method, target, version, List.copyOf(headers), chunked ? -1 : length, chunked, expectsContinue);
    }

    /** One field line, {@code name ":" OWS value OWS}; {@code what} names it in errors (header, trailer). */
    static HttpRequest.Header field(String line, String what) throws HttpError {
        if (line.startsWith(" ") || line.startsWith("\t")) {
            throw HttpError.badRequest("obsolete line folding is not accepted");
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw HttpError.badRequest("malformed " + what + " field: no name before ':'");
        }
        String name = line.substring(0, colon);
        if (!Tokens.isToken(name)) {
            throw HttpError.badRequest("malformed " + what + " field name");
        }
        String value = Tokens.trimOws(line.substring(colon + 1));
        if (!Tokens.isFieldValue(value)) {
            throw HttpError.badRequest("control character in value of " + what + " " + name);
        }
        return new HttpRequest.Header(name, value);
    }

    // "HTTP/" DIGIT "." DIGIT, case-sensitive. A higher minor version is one we may answer as 1.1.
    private static String servedVersion(String version) throws HttpError {
        if (version.length() == 8 && version.startsWith("HTTP/") && Tokens.isDigits(version.substring(5, 6), false)
                && version.charAt(6) == '.' && Tokens.isDigits(version.substring(7), false)) {
            if (version.charAt(5) == '1') {
                return version.charAt(7) == '0' ? "HTTP/1.0" : "HTTP/1.1";
            }
            throw new HttpError(505, "HTTP version " + version.substring(5) + " is not supported; this server speaks HTTP/1.1");
        }
        throw HttpError.badRequest("malformed HTTP version");
    }

    private static void checkTargetForm(String method, String target) throws HttpError {
        if (method.equals("CONNECT")) {
            if (!Tokens.isAuthorityForm(target)) {
                throw HttpError.badRequest("the target of CONNECT must be host:port");
            }
        } else if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw HttpError.badRequest("the target * goes only with OPTIONS");
            }
        } else if (!target.startsWith("/") && !target.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw HttpError.badRequest("malformed request target: expected /path or scheme://authority/path"
                    + " (host:port goes only with CONNECT)");
        }
    }

    private static void checkHost(List<HttpRequest.Header> headers, String version) throws HttpError {
        List<String> hosts = headers.stream().filter(h -> h.name().equalsIgnoreCase("Host")).map(HttpRequest.Header::value).toList();
        if (hosts.size() > 1 || (hosts.isEmpty() && version.equals("HTTP/1.1"))) {
            throw HttpError.badRequest("an HTTP/1.1 request needs exactly one Host header, found " + hosts.size());
        }
        if (!hosts.isEmpty() && !Tokens.isHostAndPort(hosts.get(0))) {
            throw HttpError.badRequest("malformed Host: expected host[:port]");
        }
    }

    // Transfer-Encoding: a list of codings, which must end in chunked (RFC 9112, 6.3).
    private static boolean chunked(List<HttpRequest.Header> headers, String version) throws HttpError {
        List<String> codings = new ArrayList<>();
        boolean present = false;
        for (HttpRequest.Header h : headers) {
            if (!h.name().equalsIgnoreCase("Transfer-Encoding")) {
                continue;
            }
            present = true;
            for (String item : h.value().split(",", -1)) {
                String coding = Tokens.trimOws(item);
                int semicolon = coding.indexOf(';');
                coding = Tokens.trimOws(semicolon < 0 ? coding : coding.substring(0, semicolon));
                if (coding.isEmpty() && semicolon < 0) {
                    continue; // an empty list element, which recipients ignore
                }
                if (!Tokens.isToken(coding)) {
                    throw HttpError.badRequest("malformed Transfer-Encoding");
                }
                codings.add(coding.toLowerCase(Locale.ROOT));
            }
        }
        if (!present) {
            return false;
        }
        if (version.equals("HTTP/1.0")) {
            throw HttpError.badRequest("Transfer-Encoding in an HTTP/1.0 request: its framing can't be trusted");
        }
        if (codings.isEmpty() || !codings.get(codings.size() - 1).equals("chunked")) {
            throw HttpError.badRequest("Transfer-Encoding must end in chunked: the body's length can't be known");
        }
        if (codings.indexOf("chunked") != codings.size() - 1) {
            throw HttpError.badRequest("chunked applied more than once");
        }
        if (codings.size() > 1) {
            throw new HttpError(501, "transfer coding " + codings.get(0) + " is not implemented; only chunked is");
        }
        return true;
    }

    private static long contentLength(List<HttpRequest.Header> headers, boolean chunked, HttpLimits limits) throws HttpError {
        long length = -1;
        for (HttpRequest.Header h : headers) {
            if (!h.name().equalsIgnoreCase("Content-Length")) {
                continue;
            }
            if (chunked) {
                throw HttpError.badRequest("both Content-Length and Transfer-Encoding: the body's length is ambiguous");
            }
            for (String item : h.value().split(",", -1)) {
                String digits = Tokens.trimOws(item);
                if (digits.isEmpty() || digits.length() > 18 || !Tokens.isDigits(digits, false)) {
                    throw HttpError.badRequest("malformed Content-Length");
                }
                long value = Long.parseLong(digits);
                if (length >= 0 && value != length) {
                    throw HttpError.badRequest("conflicting Content-Length values");
                }
                length = value;
            }
        }
        if (length > limits.maxBodyBytes()) {
            throw new HttpError(413, "body of " + length + " bytes exceeds " + limits.maxBodyBytes() + " bytes");
        }
        return Math.max(length, 0);
    }

    // RFC 9110, 10.1.1: 100-continue is the only expectation; an HTTP/1.0 client's is ignored.
    private static boolean expectsContinue(List<HttpRequest.Header> headers, String version) throws HttpError {
        boolean expects = false;
        for (HttpRequest.Header h : headers) {
            if (!h.name().equalsIgnoreCase("Expect")) {
                continue;
            }
            for (String item : h.value().split(",", -1)) {
                String expectation = Tokens.trimOws(item);
                if (expectation.equalsIgnoreCase("100-continue")) {
                    expects = version.equals("HTTP/1.1");
                } else if (!expectation.isEmpty()) {
                    throw new HttpError(417, "Expect: " + expectation + " is not supported; only 100-continue is");
                }
            }
        }
        return expects;
    }
}
