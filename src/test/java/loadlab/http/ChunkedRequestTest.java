package loadlab.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request side of HTTP/1.1 that a server must have (RFC 9112, 7.1; RFC 9110, 10.1.1): chunked
 * bodies, decoded and bounded, and {@code Expect: 100-continue}.
 */
class ChunkedRequestTest {

    private static final String HEAD = "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    private static final String CHUNKED = HEAD
            + "5;name=value;quoted=\"a \\\"b\\\" c\"\r\nhello\r\n"
            + "7 ; solo\r\n, world\r\n"
            + "0\r\nX-Checksum: 1234\r\nX-Empty:\r\n\r\n";

    @Test
    void decodesAChunkedBodyAndKeepsTheBytesAsSentForTheEcho() throws HttpError {
        HttpRequest request = parseOne(CHUNKED);
        assertThat(request.chunked()).isTrue();
        assertThat(request.body()).asString(StandardCharsets.US_ASCII).isEqualTo("hello, world");
        assertThat(request.raw()).asString(StandardCharsets.ISO_8859_1).isEqualTo(CHUNKED);
    }

    @ParameterizedTest(name = "cut at byte {0}")
    @MethodSource("everyCut")
    void parsesAChunkedBodyCutAtAnyByteAndWhatFollowsIt(int cut) throws HttpError {
        byte[] bytes = (CHUNKED + "GET /next HTTP/1.1\r\nHost: a\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        RequestParser parser = new RequestParser(HttpLimits.defaults());
        parser.feed(bytes, 0, cut);
        HttpRequest first = parser.next();
        parser.feed(bytes, cut, bytes.length - cut);
        if (first == null) {
            first = parser.next();
        }
        assertThat(first.raw()).asString(StandardCharsets.ISO_8859_1).isEqualTo(CHUNKED);
        assertThat(parser.next().target()).isEqualTo("/next");
    }

    static IntStream everyCut() {
        return IntStream.range(HEAD.length(), CHUNKED.length());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badBodies")
    void rejectsBadChunkedFramingWithTheRightStatus(String why, int status, String body) {
        assertStatus(HEAD + body, status);
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("size not hexadecimal", 400, "xyz\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("no size", 400, "\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("a negative size", 400, "-5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("data longer than its size", 400, "3\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("bare LF after the size", 400, "5\nhello\r\n0\r\n\r\n"),
                Arguments.of("bare CR after the size", 400, "5\rhello\r\n0\r\n\r\n"),
                Arguments.of("space after the size, no extension", 400, "5 \r\nhello\r\n0\r\n\r\n"),
                Arguments.of("an extension without a name", 400, "5;\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("an extension without a value after =", 400, "5;a=\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("an unterminated quoted extension", 400, "5;a=\"x\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("a control character in an extension", 400, "5;a=\"x\u0001\"\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("a chunk-size line over 1 KiB", 400, "5;a=" + "b".repeat(2000) + "\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("a malformed trailer", 400, "5\r\nhello\r\n0\r\nno colon\r\n\r\n"),
                Arguments.of("a control character in a trailer", 400, "5\r\nhello\r\n0\r\nX: a\u000bb\r\n\r\n"),
                Arguments.of("trailers over the head limit", 431, "0\r\nX: " + "a".repeat(9000) + "\r\n\r\n"),
                Arguments.of("a size beyond any limit", 413, "fffffffffffffffffff\r\n"),
                Arguments.of("a decoded total over 1 MiB", 413, "80000\r\n" + "a".repeat(0x80000) + "\r\n80001\r\n"),
                Arguments.of("framing far larger than the content", 413,
                        ("1;" + "e".repeat(1000) + "\r\na\r\n").repeat(2200)));
    }

    @Test
    void refusesTransferCodingsItCannotDecodeOrTrust() {
        assertStatus("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501);
        assertStatus("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400);
        assertStatus("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400);
        assertStatus("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n\r\n", 400);
        assertStatus("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400);
        assertStatus("POST / HTTP/1.1\r\nHost: a\r\ncontent-LengtH: 5\r\nTransFer-Encoding: chunked\r\n\r\n", 400);
    }

    @Test
    void acceptsChunkedInAnyCase() throws HttpError {
        assertThat(parseOne("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n").body()).isEmpty();
    }

    // The client sends the head, then waits for 100 Continue (curl waits a second without it).
    @Test
    void asksForTheBodyOnceWhenTheClientExpects100Continue() throws HttpError {
        RequestParser parser = new RequestParser(HttpLimits.defaults());
        feed(parser, "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        assertThat(parser.next()).isNull();
        assertThat(parser.takeContinue()).isTrue();
        assertThat(parser.takeContinue()).as("once").isFalse();
        feed(parser, "hello");
        assertThat(parser.next().body()).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
    }

    @Test
    void asksForNoBodyThatHasArrivedOrThatThereIsNot() throws HttpError {
        RequestParser parser = new RequestParser(HttpLimits.defaults());
        feed(parser, "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(parser.next()).isNotNull();
        assertThat(parser.takeContinue()).isFalse();
        feed(parser, "GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n");
        assertThat(parser.next()).isNotNull();
        assertThat(parser.takeContinue()).isFalse();
        feed(parser, "POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        assertThat(parser.next()).isNull();
        assertThat(parser.takeContinue()).as("an HTTP/1.0 client's expectation is ignored").isFalse();
    }

    // A final status at once, instead of 100 Continue and a body that would be refused anyway.
    @Test
    void refusesATooLargeDeclaredBodyInsteadOfAskingForIt() {
        assertStatus("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2000000\r\n\r\n", 413);
    }

    private static void assertStatus(String request, int status) {
        RequestParser parser = new RequestParser(HttpLimits.defaults());
        feed(parser, request);
        assertThatThrownBy(parser::next).isInstanceOf(HttpError.class)
                .satisfies(e -> assertThat(((HttpError) e).status()).as(e.getMessage()).isEqualTo(status));
    }

    private static void feed(RequestParser parser, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        parser.feed(bytes, 0, bytes.length);
    }

    private static HttpRequest parseOne(String request) throws HttpError {
        RequestParser parser = new RequestParser(HttpLimits.defaults());
        feed(parser, request);
        HttpRequest parsed = parser.next();
        assertThat(parsed).as("a complete request").isNotNull();
        return parsed;
    }
}
