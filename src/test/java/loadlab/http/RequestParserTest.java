package loadlab.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestParserTest {

    private static final String POST = "POST /submit?x=1 HTTP/1.1\r\nHost: example.test\r\nContent-Length: 11\r\n"
            + "X-Note:  spaced value \r\n\r\nhello world";

    @Test
    void parsesARequestAndKeepsItsExactBytes() throws HttpError {
        HttpRequest request = parseOne(POST);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.target()).isEqualTo("/submit?x=1");
        assertThat(request.version()).isEqualTo("HTTP/1.1");
        assertThat(request.header("host")).hasValue("example.test");
        assertThat(request.header("X-Note")).as("value without surrounding whitespace").hasValue("spaced value");
        assertThat(request.body()).asString(StandardCharsets.US_ASCII).isEqualTo("hello world");
        assertThat(request.raw()).asString(StandardCharsets.ISO_8859_1).isEqualTo(POST);
    }

    // A request can arrive cut anywhere, even between the CR and the LF of a line end.
    @ParameterizedTest(name = "cut at byte {0}")
    @MethodSource("everyCut")
    void parsesARequestCutAtAnyByte(int cut) throws HttpError {
        byte[] bytes = POST.getBytes(StandardCharsets.ISO_8859_1);
        RequestParser parser = parser();
        parser.feed(bytes, 0, cut);
        assertThat(parser.next()).as("incomplete after " + cut + " bytes").isNull();
        parser.feed(bytes, cut, bytes.length - cut);
        assertThat(parser.next().raw()).isEqualTo(bytes);
        assertThat(parser.isMidRequest()).isFalse();
    }

    static IntStream everyCut() {
        return IntStream.range(0, POST.length());
    }

    @Test
    void parsesARequestFedOneByteAtATime() throws HttpError {
        byte[] bytes = POST.getBytes(StandardCharsets.ISO_8859_1);
        RequestParser parser = parser();
        HttpRequest request = null;
        for (int i = 0; i < bytes.length; i++) {
            assertThat(request).isNull();
            parser.feed(bytes, i, 1);
            request = parser.next();
        }
        assertThat(request.raw()).isEqualTo(bytes);
    }

    @Test
    void separatesPipelinedRequestsAndKeepsThePartialOneForLater() throws HttpError {
        String first = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n";
        String second = "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc";
        String third = "GET /3 HTTP/1.1\r\nHost: a\r\n\r\n";
        RequestParser parser = parser();
        parser.feed(ByteBuffer.wrap((first + second + third.substring(0, 10)).getBytes(StandardCharsets.US_ASCII)));
        assertThat(parser.next().raw()).asString(StandardCharsets.US_ASCII).isEqualTo(first);
        assertThat(parser.next().raw()).asString(StandardCharsets.US_ASCII).isEqualTo(second);
        assertThat(parser.next()).isNull();
        assertThat(parser.isMidRequest()).isTrue();
        parser.feed(ByteBuffer.wrap(third.substring(10).getBytes(StandardCharsets.US_ASCII)));
        assertThat(parser.next().target()).isEqualTo("/3");
    }

    @Test
    void growsItsBufferForManyPipelinedRequests() throws HttpError {
        String one = "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n" + "x".repeat(1000);
        RequestParser parser = parser();
        parser.feed(ByteBuffer.wrap(one.repeat(50).getBytes(StandardCharsets.US_ASCII)));
        for (int i = 0; i < 50; i++) {
            assertThat(parser.next().raw()).asString(StandardCharsets.US_ASCII).isEqualTo(one);
        }
        assertThat(parser.next()).isNull();
    }

    @Test
    void skipsEmptyLinesBeforeARequest() throws HttpError {
        assertThat(parseOne("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n").raw())
                .asString(StandardCharsets.US_ASCII).isEqualTo("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    }

    @Test
    void acceptsHttp10WithoutHost() throws HttpError {
        assertThat(parseOne("GET / HTTP/1.0\r\n\r\n").version()).isEqualTo("HTTP/1.0");
    }

    @Test
    void acceptsRepeatedEqualContentLengths() throws HttpError {
        assertThat(parseOne("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nok").body())
                .hasSize(2);
    }

    @Test
    void acceptsAHeadAndABodyExactlyAtTheLimits() throws HttpError {
        HttpLimits limits = new HttpLimits(100, 10, Duration.ofSeconds(1));
        String head = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\nX: ";
        head += "v".repeat(100 - head.length() - 4) + "\r\n\r\n";
        assertThat(head).hasSize(100);
        RequestParser parser = new RequestParser(limits);
        parser.feed(ByteBuffer.wrap((head + "0123456789").getBytes(StandardCharsets.US_ASCII)));
        assertThat(parser.next().body()).hasSize(10);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badRequests")
    void rejectsWithTheRightStatus(String why, int status, String request) {
        RequestParser parser = parser();
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        parser.feed(bytes, 0, bytes.length);
        assertThatThrownBy(parser::next).isInstanceOf(HttpError.class)
                .satisfies(e -> assertThat(((HttpError) e).status()).as(e.getMessage()).isEqualTo(status))
                .hasMessageNotContaining("null");
    }

    static Stream<Arguments> badRequests() {
        String ok = "GET / HTTP/1.1\r\nHost: a\r\n";
        return Stream.of(
                Arguments.of("no target", 400, "GET HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("two spaces", 400, "GET  / HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("garbage line", 400, "HELLO\r\n\r\n"),
                Arguments.of("method not a token", 400, "GE(T / HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("control character in target", 400, "GET /\u0001 HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("lower-case version", 400, "GET / http/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("bare LF at the end", 400, "GET / HTTP/1.1\r\nHost: a\n\n"),
                Arguments.of("bare LF everywhere", 400, "GET / HTTP/1.1\nHost: a\n\n"),
                Arguments.of("bare LF first", 400, "\nGET / HTTP/1.1\r\n\r\n"),
                Arguments.of("bare CR", 400, "GET / HTTP/1.1\rHost: a\r\n\r\n"),
                Arguments.of("obsolete line folding", 400, ok + "X: a\r\n b\r\n\r\n"),
                Arguments.of("space before colon", 400, ok + "X : a\r\n\r\n"),
                Arguments.of("no colon", 400, ok + "just words\r\n\r\n"),
                Arguments.of("empty header name", 400, ok + ": a\r\n\r\n"),
                Arguments.of("control character in value", 400, ok + "X: a\u0000b\r\n\r\n"),
                Arguments.of("missing Host", 400, "GET / HTTP/1.1\r\n\r\n"),
                Arguments.of("two Hosts", 400, ok + "Host: b\r\n\r\n"),
                Arguments.of("head over 8 KiB, complete", 431, ok + "X: " + "a".repeat(9000) + "\r\n\r\n"),
                Arguments.of("head over 8 KiB, unfinished", 431, ok + "X: " + "a".repeat(9000)),
                Arguments.of("body over 1 MiB", 413, ok + "Content-Length: 1048577\r\n\r\n"),
                Arguments.of("a transfer coding other than chunked", 501, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
                Arguments.of("Content-Length and Transfer-Encoding", 400,
                        ok + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc"),
                Arguments.of("two different Content-Lengths", 400, ok + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"),
                Arguments.of("a list of different Content-Lengths", 400, ok + "Content-Length: 3, 4\r\n\r\nabcd"),
                Arguments.of("negative Content-Length", 400, ok + "Content-Length: -1\r\n\r\n"),
                Arguments.of("non-numeric Content-Length", 400, ok + "Content-Length: 0x10\r\n\r\n"),
                Arguments.of("huge Content-Length", 400, ok + "Content-Length: 99999999999999999999\r\n\r\n"),
                Arguments.of("HTTP/2.0", 505, "GET / HTTP/2.0\r\nHost: a\r\n\r\n"),
                Arguments.of("HTTP/3.1", 505, "GET / HTTP/3.1\r\nHost: a\r\n\r\n"),
                Arguments.of("HTTP/0.9", 505, "GET / HTTP/0.9\r\n\r\n"),
                Arguments.of("two-digit version", 400, "GET / HTTP/1.10\r\nHost: a\r\n\r\n"),
                Arguments.of("VT in a value", 400, ok + "X: a\u000bb\r\n\r\n"),
                Arguments.of("FF in a value", 400, ok + "X: a\u000cb\r\n\r\n"),
                Arguments.of("0x1C in a value", 400, ok + "X: a\u001cb\r\n\r\n"),
                Arguments.of("DEL in a value", 400, ok + "X: a\u007fb\r\n\r\n"),
                Arguments.of("VT as whitespace before a length", 400, ok + "Content-Length: \u000b5\r\n\r\nhello"),
                Arguments.of("FS as whitespace after a length", 400, ok + "Content-Length: 5\u001c\r\n\r\nhello"),
                Arguments.of("a space in Host", 400, "GET / HTTP/1.1\r\nHost: a b\r\n\r\n"),
                Arguments.of("userinfo in Host", 400, "GET / HTTP/1.1\r\nHost: user@a\r\n\r\n"),
                Arguments.of("a port that is not digits", 400, "GET / HTTP/1.1\r\nHost: a:8o\r\n\r\n"),
                Arguments.of("a broken IP literal", 400, "GET / HTTP/1.1\r\nHost: [zz::1]\r\n\r\n"),
                Arguments.of("a bad percent-encoding in Host", 400, "GET / HTTP/1.1\r\nHost: a%zz\r\n\r\n"),
                Arguments.of("* with GET", 400, "GET * HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("authority-form with GET", 400, "GET example.com:80 HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("a target that is no form at all", 400, "GET index.html HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("CONNECT, which is not implemented", 501, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"),
                Arguments.of("CONNECT to a path", 400, "CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("CONNECT without a port", 400, "CONNECT example.com HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("nine empty lines first", 400, "\r\n".repeat(9) + ok + "\r\n"),
                Arguments.of("an expectation other than 100-continue", 417, ok + "Expect: 200-ok\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0} is served as {1}")
    @MethodSource("versions")
    void servesMinorVersionsAbove1Point1As1Point1(String sent, String served) throws HttpError {
        HttpRequest request = parseOne("GET / " + sent + "\r\nHost: a\r\n\r\n");
        assertThat(request.version()).isEqualTo(served);
        assertThat(request.keepAlive()).isEqualTo(!served.equals("HTTP/1.0"));
        assertThat(request.raw()).asString(StandardCharsets.US_ASCII).contains(sent); // the echo shows what was sent
    }

    static Stream<Arguments> versions() {
        return Stream.of(Arguments.of("HTTP/1.0", "HTTP/1.0"), Arguments.of("HTTP/1.1", "HTTP/1.1"),
                Arguments.of("HTTP/1.2", "HTTP/1.1"), Arguments.of("HTTP/1.9", "HTTP/1.1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validForms")
    void acceptsTargetsAndHostsOfEveryValidForm(String request) throws HttpError {
        assertThat(parseOne(request)).isNotNull();
    }

    static Stream<String> validForms() {
        return Stream.of("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET http://example.com/x?y HTTP/1.1\r\nHost: example.com\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: [v1.fe80::a+en1]\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: 127.0.0.1:80\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: ex%41mple.com\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: example.com:\r\n\r\n",
                "GET / HTTP/1.1\r\nHost:\r\n\r\n", // empty: a target without an authority
                "GET / HTTP/1.1\r\nHost:\texample.com \t\r\nX: tab\tinside\r\n\r\n",
                "\r\n".repeat(RequestParser.MAX_LEADING_EMPTY_LINES) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    }

    @Test
    void tellsItsPhaseSoThatAServerCanStartTheRightClock() throws HttpError {
        RequestParser parser = parser();
        assertThat(parser.phase()).isEqualTo(RequestParser.Phase.BETWEEN);
        feed(parser, "\r\n");
        assertThat(parser.next()).isNull();
        assertThat(parser.phase()).as("an empty line starts the head's clock").isEqualTo(RequestParser.Phase.HEAD);
        feed(parser, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab");
        assertThat(parser.next()).isNull();
        assertThat(parser.phase()).isEqualTo(RequestParser.Phase.BODY);
        assertThat(parser.bodyBytesReceived()).isEqualTo(2);
        feed(parser, "cd");
        assertThat(parser.next().body()).asString(StandardCharsets.US_ASCII).isEqualTo("abcd");
        assertThat(parser.phase()).isEqualTo(RequestParser.Phase.BETWEEN);
    }

    // A body beyond the budget is refused at its head, before a byte of it is read; the bytes of an
    // accepted one are held until the server says its echo is written, or the connection ends.
    @Test
    void takesEachBodyFromTheBudgetAndGivesItBack() throws HttpError {
        ByteBudget budget = ByteBudget.of(1_000);
        RequestParser parser = new RequestParser(HttpLimits.defaults(), budget);
        feed(parser, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 500\r\n\r\n" + "x".repeat(500));
        HttpRequest first = parser.next();
        assertThat(budget.used()).isEqualTo(first.raw().length);
        parser.done(first);
        assertThat(budget.used()).isZero();
        feed(parser, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2000\r\n\r\n");
        assertThatThrownBy(parser::next).isInstanceOf(HttpError.class)
                .satisfies(e -> assertThat(((HttpError) e).status()).isEqualTo(503));
        RequestParser other = new RequestParser(HttpLimits.defaults(), budget);
        feed(other, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 600\r\n\r\npart");
        assertThat(other.next()).isNull();
        assertThat(budget.used()).isPositive();
        other.close();
        assertThat(budget.used()).as("all given back when the connection ends").isZero();
    }

    @Test
    void rejectsAnUnfinishedHeadAsSoonAsItPassesTheLimitWithoutWaitingForTheRest() {
        RequestParser parser = parser();
        byte[] chunk = "GET / HTTP/1.1\r\nHost: a\r\nX: ".getBytes(StandardCharsets.US_ASCII);
        parser.feed(chunk, 0, chunk.length);
        byte[] filler = "a".repeat(HttpLimits.DEFAULT_MAX_HEAD_BYTES).getBytes(StandardCharsets.US_ASCII);
        parser.feed(filler, 0, filler.length);
        assertThatThrownBy(parser::next).isInstanceOf(HttpError.class).hasMessageContaining("8192");
    }

    @Test
    void rejectsATooLargeBodyBeforeItArrives() {
        RequestParser parser = parser();
        byte[] head = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        parser.feed(head, 0, head.length);
        assertThatThrownBy(parser::next).isInstanceOf(HttpError.class)
                .satisfies(e -> assertThat(((HttpError) e).status()).isEqualTo(413));
    }

    @ParameterizedTest(name = "{0} with \"{1}\" keeps alive: {2}")
    @MethodSource("connectionHeaders")
    void keepsAliveByVersionAndConnectionHeader(String version, String connection, boolean keepAlive) throws HttpError {
        String header = connection.isEmpty() ? "" : "Connection: " + connection + "\r\n";
        assertThat(parseOne("GET / " + version + "\r\nHost: a\r\n" + header + "\r\n").keepAlive()).isEqualTo(keepAlive);
    }

    static Stream<Arguments> connectionHeaders() {
        return Stream.of(
                Arguments.of("HTTP/1.1", "", true),
                Arguments.of("HTTP/1.1", "close", false),
                Arguments.of("HTTP/1.1", "Close", false),
                Arguments.of("HTTP/1.1", "keep-alive, close", false),
                Arguments.of("HTTP/1.1", "x-not-close", true),
                Arguments.of("HTTP/1.0", "", false),
                Arguments.of("HTTP/1.0", "keep-alive", true),
                Arguments.of("HTTP/1.0", "Keep-Alive", true),
                Arguments.of("HTTP/1.0", "no-keep-alive-here", false));
    }

    @Test
    void aRequestSplitIntoManyFeedsGivesTheSameRequestsAsOneFeed() throws HttpError {
        String many = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n".repeat(3) + POST;
        byte[] bytes = many.getBytes(StandardCharsets.ISO_8859_1);
        List<String> oneFeed = targets(bytes, bytes.length);
        assertThat(targets(bytes, 7)).isEqualTo(oneFeed).hasSize(4);
        assertThat(targets(bytes, 1)).isEqualTo(oneFeed);
    }

    private static List<String> targets(byte[] bytes, int pieceSize) throws HttpError {
        RequestParser parser = parser();
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += pieceSize) {
            parser.feed(bytes, i, Math.min(pieceSize, bytes.length - i));
            for (HttpRequest r = parser.next(); r != null; r = parser.next()) {
                targets.add(r.target());
            }
        }
        return targets;
    }

    private static void feed(RequestParser parser, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        parser.feed(bytes, 0, bytes.length);
    }

    private static RequestParser parser() {
        return new RequestParser(HttpLimits.defaults());
    }

    private static HttpRequest parseOne(String request) throws HttpError {
        RequestParser parser = parser();
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        parser.feed(bytes, 0, bytes.length);
        HttpRequest parsed = parser.next();
        assertThat(parsed).as("a complete request").isNotNull();
        return parsed;
    }
}
