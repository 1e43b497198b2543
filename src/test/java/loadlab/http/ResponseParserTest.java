package loadlab.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResponseParserTest {

    @Test
    void readsAValidResponse() throws IOException {
        HttpResponse response = read("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.reason()).isEqualTo("OK");
        assertThat(response.header("content-type")).hasValue("text/plain");
        assertThat(response.body()).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
        assertThat(response.closes()).isFalse();
    }

    @Test
    void readsTwoResponsesFromOneStreamAndLeavesNothingBehind() throws IOException {
        InputStream in = stream("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"
                + "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nConnection: close\r\n\r\nbc");
        assertThat(ResponseParser.read(in).body()).asString(StandardCharsets.US_ASCII).isEqualTo("a");
        HttpResponse second = ResponseParser.read(in);
        assertThat(second.status()).isEqualTo(404);
        assertThat(second.closes()).isTrue();
    }

    @Test
    void readsNoBodyAfterTheResponseToHead() throws IOException {
        InputStream in = stream("HTTP/1.1 200 OK\r\nContent-Length: 42\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        HttpResponse head = ResponseParser.read(in, "HEAD");
        assertThat(head.header("Content-Length")).hasValue("42");
        assertThat(head.body()).isEmpty();
        assertThat(ResponseParser.read(in).body()).asString(StandardCharsets.US_ASCII).isEqualTo("ok");
    }

    @Test
    void acceptsNoContentLengthWhereThereIsNoBody() throws IOException {
        assertThat(read("HTTP/1.1 204 No Content\r\n\r\n").body()).isEmpty();
    }

    @Test
    void readsTheErrorResponsesTheServersSend() throws IOException {
        HttpResponse response = ResponseParser.read(new ByteArrayInputStream(HttpResponses.error(431, "too big")));
        assertThat(response.status()).isEqualTo(431);
        assertThat(response.reason()).isEqualTo("Request Header Fields Too Large");
        assertThat(response.closes()).isTrue();
        assertThat(response.body()).asString(StandardCharsets.UTF_8).isEqualTo("too big\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidResponses")
    void rejectsWithAPreciseMessage(String why, String response, String message) {
        assertThatThrownBy(() -> read(response)).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining(message);
    }

    static Stream<Arguments> invalidResponses() {
        return Stream.of(
                Arguments.of("bare LF, as the seed's server sent", "HTTP/1.1 200 OK\n\nGET / HTTP/1.1", "bare LF"),
                Arguments.of("bare LF in a header", "HTTP/1.1 200 OK\r\nContent-Length: 0\n\r\n", "bare LF"),
                Arguments.of("CR without LF", "HTTP/1.1 200 OK\rContent-Length: 0\r\n\r\n", "CR not followed by LF"),
                Arguments.of("no Content-Length", "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello", "no Content-Length"),
                Arguments.of("Content-Length longer than the body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello",
                        "truncated body: Content-Length says 10 bytes, the connection closed after 5"),
                Arguments.of("body cut by a close", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhel",
                        "truncated body"),
                Arguments.of("Content-Length shorter than a close response's body",
                        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nhello", "bytes after the body"),
                Arguments.of("malformed Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: five\r\n\r\n", "malformed Content-Length"),
                Arguments.of("conflicting Content-Lengths", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
                        "conflicting Content-Length"),
                Arguments.of("chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "Transfer-Encoding"),
                Arguments.of("HTTP/1.0 status line", "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", "malformed status line"),
                Arguments.of("letters for a status", "HTTP/1.1 2xx OK\r\nContent-Length: 0\r\n\r\n", "malformed status code"),
                Arguments.of("header without a colon", "HTTP/1.1 200 OK\r\nbroken\r\n\r\n", "malformed header line"),
                Arguments.of("nothing at all", "", "connection closed before any response byte"),
                Arguments.of("a head cut short", "HTTP/1.1 200 OK\r\nContent-Len", "closed in the middle of the response head"));
    }

    private static HttpResponse read(String response) throws IOException {
        return ResponseParser.read(stream(response));
    }

    @Test
    void readsTheSeedsAnswerLenientlyAsLocustDoes() throws IOException {
        String seeds = "HTTP/1.1 200 OK\n\nGET / HTTP/1.1\r\nHost: x\r\n\r\n";
        assertThatThrownBy(() -> read(seeds)).isInstanceOf(MalformedResponseException.class).hasMessageContaining("bare LF");
        InputStream in = stream(seeds);
        HttpResponse response = ResponseParser.readBody(in, ResponseParser.readFinalHead(in, true), "GET", true);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).asString(StandardCharsets.US_ASCII).isEqualTo("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(in.read()).as("the body ran to the end of the stream").isEqualTo(-1);
    }

    @Test
    void aLenientReaderStillHonoursContentLengthAndCrlf() throws IOException {
        InputStream in = stream("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 204 No Content\n\n");
        assertThat(ResponseParser.readBody(in, ResponseParser.readFinalHead(in, true), "GET", true).body())
                .asString(StandardCharsets.US_ASCII).isEqualTo("ok");
        HttpResponse second = ResponseParser.readBody(in, ResponseParser.readFinalHead(in, true), "GET", true);
        assertThat(second.status()).isEqualTo(204);
        assertThat(second.body()).isEmpty();
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
