package loadlab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import loadlab.http.HttpResponse;
import loadlab.http.MalformedResponseException;
import loadlab.http.ResponseParser;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The strict parser fed incrementally, as a loop feeds it: however a response is cut into reads,
 * it is parsed once it is all there, to the same response the blocking parser reads from the
 * whole; before that it asks for more; a fault the blocking parser refuses is refused as soon as
 * its bytes are in, not when the read timeout comes; and a response the server's close cut short is
 * refused with the blocking parser's words.
 */
class ResponseBufferProperties {

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(300);
    }

    @Property(tries = 300)
    void aResponseCutAnywhereParsesAsTheWholeDoes(@ForAll("bodies") String body, @ForAll @IntRange(min = 1, max = 40) int piece,
                                                  @ForAll boolean closes) throws IOException {
        byte[] bytes = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + (closes ? "Connection: close\r\n" : "")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse whole = ResponseParser.read(new ByteArrayInputStream(bytes));

        ResponseBuffer in = new ResponseBuffer(16);
        HttpResponse parsed = null;
        for (int at = 0; at < bytes.length; at += piece) {
            assertThat(parsed).as("parsed before its last byte came").isNull();
            in.append(ByteBuffer.wrap(bytes, at, Math.min(piece, bytes.length - at)));
            parsed = tryParse(in);
        }
        if (closes) {
            assertThat(parsed).as("Connection: close: complete only at the end of the stream").isNull();
            in.end();
            parsed = tryParse(in);
        }
        assertThat(parsed).isNotNull();
        assertThat(parsed.status()).isEqualTo(whole.status());
        assertThat(parsed.headers()).isEqualTo(whole.headers());
        assertThat(parsed.body()).isEqualTo(whole.body());
    }

    @Property(tries = 100)
    void aBareLineFeedIsRefusedAsSoonAsItComes(@ForAll @IntRange(min = 0, max = 3) int line) {
        List<String> lines = List.of("HTTP/1.1 200 OK", "Content-Type: text/plain", "Content-Length: 2", "");
        StringBuilder head = new StringBuilder();
        for (int i = 0; i <= line; i++) {
            head.append(lines.get(i)).append(i == line ? "\n" : "\r\n"); // the head so far, its last line ending in a bare LF
        }
        ResponseBuffer in = new ResponseBuffer(16);
        in.append(ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)));
        assertThatThrownBy(() -> ResponseParser.readFinalHead(in)).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("bare LF");
    }

    @Property(tries = 50)
    void aResponseCutShortByTheServersCloseIsRefusedAsTheBlockingParserRefusesIt(@ForAll @IntRange(min = 0, max = 48) int cut) {
        byte[] bytes = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789".getBytes(StandardCharsets.ISO_8859_1);
        int n = Math.min(cut, bytes.length - 1);
        Throwable blocking = catchThrowable(() -> ResponseParser.read(new ByteArrayInputStream(bytes, 0, n)));
        ResponseBuffer in = new ResponseBuffer(16);
        in.append(ByteBuffer.wrap(bytes, 0, n));
        in.end();
        assertThat(blocking).isInstanceOf(MalformedResponseException.class);
        assertThatThrownBy(() -> ResponseParser.read(in)).isInstanceOf(MalformedResponseException.class)
                .hasMessage(blocking.getMessage());
    }

    private static HttpResponse tryParse(ResponseBuffer in) throws IOException {
        in.rewind();
        try {
            HttpResponse r = ResponseParser.read(in);
            in.consume();
            return r;
        } catch (ResponseBuffer.NeedMore more) {
            return null;
        }
    }
}
