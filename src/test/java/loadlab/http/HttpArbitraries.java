package loadlab.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Generators of requests for jqwik properties: valid requests within the default limits, byte
 * strings that are mostly not requests, and the points at which a request is cut into pieces.
 */
public final class HttpArbitraries {

    public static final String TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final Set<String> FRAMING_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection", "expect");

    private HttpArbitraries() { }

    /** A request line, a Host, up to 12 headers and a body of 0 to 64 KiB: always under 8 KiB of head. */
    public static Arbitrary<byte[]> validRequests() {
        Arbitrary<String> method = Arbitraries.oneOf(
                Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"),
                Arbitraries.strings().withChars(TCHARS).ofMinLength(1).ofMaxLength(12))
                .filter(m -> !m.equals("HEAD")); // a HEAD response has no body: not an echo
        Arbitrary<String> target = Arbitraries.strings().withCharRange('!', '~').ofMaxLength(300).map(t -> "/" + t);
        Arbitrary<String> version = Arbitraries.of("HTTP/1.1", "HTTP/1.0");
        Arbitrary<List<String>> headers = header().list().ofMaxSize(12);
        Arbitrary<Integer> hostAt = Arbitraries.integers().between(0, 12);
        Arbitrary<byte[]> body = bodies(64 * 1024);
        Arbitrary<Boolean> lengthWhenEmpty = Arbitraries.of(true, false);
        return Combinators.combine(method, target, version, headers, hostAt, body, lengthWhenEmpty)
                .as((m, t, v, hs, host, b, emptyLength) -> {
                    List<String> lines = new ArrayList<>(hs);
                    lines.add(Math.min(host, lines.size()), "Host: localhost");
                    if (b.length > 0 || emptyLength) {
                        lines.add("Content-Length: " + b.length);
                    }
                    StringBuilder head = new StringBuilder(m + " " + t + " " + v + "\r\n");
                    lines.forEach(line -> head.append(line).append("\r\n"));
                    head.append("\r\n");
                    return concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), b);
                });
    }

    /** A header line: a token name, optional whitespace, a value of visible characters, spaces, tabs and obs-text. */
    private static Arbitrary<String> header() {
        Arbitrary<String> name = Arbitraries.strings().withChars(TCHARS).ofMinLength(1).ofMaxLength(30)
                .filter(n -> !FRAMING_HEADERS.contains(n.toLowerCase(Locale.ROOT)));
        Arbitrary<String> value = Arbitraries.strings().withCharRange(' ', '~').withChars('\t')
                .withCharRange('\u0080', '\u00ff').ofMaxLength(300);
        Arbitrary<String> space = Arbitraries.of("", " ", "  ", "\t");
        return Combinators.combine(name, space, value, space).as((n, s1, v, s2) -> n + ":" + s1 + v + s2);
    }

    /** Random bytes, their length biased towards the small end but reaching the maximum. */
    public static Arbitrary<byte[]> bodies(int maxLength) {
        return Combinators.combine(
                Arbitraries.integers().between(0, maxLength).withDistribution(RandomDistribution.biased()),
                Arbitraries.longs()).as(HttpArbitraries::randomBytes);
    }

    /**
     * Byte strings a server must survive: random bytes; valid requests with a few bytes changed,
     * inserted or removed; lines too long to be a head; and requests assembled from the pieces HTTP
     * is made of, in any order, which reach the parser's deeper states.
     */
    public static Arbitrary<byte[]> anyBytes() {
        Arbitrary<byte[]> random = bodies(2_000);
        Arbitrary<byte[]> mutated = Combinators.combine(validRequests(), mutation().list().ofMinSize(1).ofMaxSize(4))
                .as((request, mutations) -> {
                    byte[] out = request;
                    for (Mutation m : mutations) {
                        out = m.apply(out);
                    }
                    return out;
                });
        Arbitrary<byte[]> longLine = Arbitraries.integers().between(8_000, 10_000)
                .map(n -> ("GET /" + "a".repeat(n)).getBytes(StandardCharsets.US_ASCII));
        return Arbitraries.oneOf(random, mutated, longLine, assembled());
    }

    // A request line, headers and a body, each picked from valid and invalid pieces; mostly valid
    // ones, so that the parser gets past the first line often enough to meet the faults after it.
    private static Arbitrary<byte[]> assembled() {
        Arbitrary<String> eol = mostly("\r\n", "\n", "\r", "");
        Arbitrary<String> requestLine = Combinators.combine(
                mostly("GET", "G(T", ""), mostly(" ", "  ", ""), mostly("/x?y=z", "*", "", "/\u0001"),
                mostly(" ", ""), mostly("HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.1x", "http/1.1"))
                .as((m, s1, t, s2, v) -> m + s1 + t + s2 + v);
        Arbitrary<String> framing = Arbitraries.of("", "Content-Length: 5", "Content-Length: 0", "Content-Length: -1",
                "Content-Length: 2000000", "Content-Length: 5, 6", "Content-Length: 99999999999999999999",
                "Transfer-Encoding: chunked", "Content-Length: 5\r\nTransfer-Encoding: chunked", "Connection: close");
        Arbitrary<String> other = mostly("X-Ok: yes", "Host: b", "X: a\u0000b", " folded", "NoColon", ": empty", "Bad Name: x");
        Arbitrary<String> headers = Combinators.combine(mostly("Host: a", ""), eol, framing, eol,
                Combinators.combine(other, eol).as(String::concat).list().ofMaxSize(3))
                .as((host, end1, frame, end2, rest) -> host + end1 + (frame.isEmpty() ? "" : frame + end2) + String.join("", rest));
        Arbitrary<String> body = Arbitraries.of("", "hello", "hel", "hello, and more after it");
        return Combinators.combine(requestLine, eol, headers, eol, body)
                .as((line, end, hs, blank, b) -> (line + end + hs + blank + b).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The first value nine times in ten, else one of the others. */
    private static Arbitrary<String> mostly(String usual, String... others) {
        return Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(usual)), Tuple.of(1, Arbitraries.of(others)));
    }

    /** Where to cut a request of n bytes into pieces: up to 8 fractions of its length. */
    public static Arbitrary<List<Double>> cutFractions() {
        return Arbitraries.doubles().between(0, 1).list().ofMaxSize(8);
    }

    public static int[] cuts(List<Double> fractions, int length) {
        return fractions.stream().mapToInt(f -> (int) (f * length)).sorted().toArray();
    }

    private record Mutation(double where, int kind, byte value) {
        byte[] apply(byte[] in) {
            int at = (int) (where * in.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 1);
            out.write(in, 0, at);
            switch (kind) {
                case 0 -> out.write(value);                           // insert a byte
                case 1 -> out.write('\n');                            // insert a bare LF
                case 2 -> out.write('\r');                            // insert a bare CR
                case 3 -> at++;                                       // delete a byte
                case 4 -> { return out.toByteArray(); }               // cut the rest
                default -> { out.write(value); at++; }                // replace a byte
            }
            if (at < in.length) {
                out.write(in, at, in.length - at);
            }
            return out.toByteArray();
        }
    }

    private static Arbitrary<Mutation> mutation() {
        return Combinators.combine(Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 5),
                Arbitraries.bytes()).as(Mutation::new);
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
