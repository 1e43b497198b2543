package loadlab.http;

import java.io.ByteArrayOutputStream;

/**
 * Reads a chunked body (RFC 9112, 7.1) as its bytes arrive, in pieces of any size, and says where
 * it ends: chunk-size lines with their extensions, the chunks' data and CRLFs, the last chunk, the
 * trailer fields and the blank line. It keeps no data (the parser keeps the raw bytes for the echo);
 * it checks the framing and counts the content.
 *
 * <p>Everything is bounded: the content by the body limit (413, as soon as a chunk-size line says
 * so), a chunk-size line with its extensions by {@link #MAX_LINE_BYTES} (400), the trailers by the
 * head limit (431), and the raw bytes, framing included, by twice the body limit plus the head limit
 * (413), so that a client sending one-byte chunks with long extensions can't make us hold far more
 * than the content. Any other deviation from the grammar is a 400.
 */
final class ChunkedBody {

    /** A chunk-size line with its extensions, without the CRLF. */
    static final int MAX_LINE_BYTES = 1024;

    private enum State { SIZE_LINE, DATA, DATA_CR, DATA_LF, TRAILER_LINE, DONE }

    private final HttpLimits limits;
    private final ByteArrayOutputStream sink; // null: count, don't keep (the parser); else decode()
    private final StringBuilder line = new StringBuilder();
    private State state = State.SIZE_LINE;
    private boolean sawCr;
    private long remaining; // of the current chunk's data
    private long content;   // the sizes announced so far
    private long trailerBytes;
    private long rawBytes;

    ChunkedBody(HttpLimits limits) {
        this(limits, null);
    }

    private ChunkedBody(HttpLimits limits, ByteArrayOutputStream sink) {
        this.limits = limits;
        this.sink = sink;
    }

    /** The content of a whole chunked body that starts at {@code from}. */
    static byte[] decode(byte[] raw, int from) throws HttpError {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChunkedBody body = new ChunkedBody(new HttpLimits(Integer.MAX_VALUE, Integer.MAX_VALUE,
                HttpLimits.DEFAULT_IDLE_TIMEOUT), out);
        if (body.consume(raw, from, raw.length) < 0) {
            throw HttpError.badRequest("the chunked body is not complete");
        }
        return out.toByteArray();
    }

    /** Consumes bytes {@code [from, to)}; returns the index one past the body's last byte, or -1 if it goes on. */
    int consume(byte[] b, int from, int to) throws HttpError {
        int i = from;
        while (i < to && state != State.DONE) {
            switch (state) {
                case DATA -> {
                    int n = (int) Math.min(remaining, to - i);
                    if (sink != null) {
                        sink.write(b, i, n);
                    }
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.DATA_CR;
                    }
                }
                case DATA_CR -> {
                    expect(b[i++], '\r');
                    state = State.DATA_LF;
                }
                case DATA_LF -> {
                    expect(b[i++], '\n');
                    state = State.SIZE_LINE;
                }
                default -> lineByte(b[i++]);
            }
        }
        rawBytes += i - from;
        if (rawBytes > 2L * limits.maxBodyBytes() + limits.maxHeadBytes()) {
            throw new HttpError(413, "chunked body of " + rawBytes + " bytes with its framing exceeds twice the body limit of "
                    + limits.maxBodyBytes() + " bytes");
        }
        return state == State.DONE ? i : -1;
    }

    /** Content bytes announced by the chunk-size lines so far. */
    long content() {
        return content;
    }

    private static void expect(byte actual, char wanted) throws HttpError {
        if (actual != wanted) {
            throw HttpError.badRequest("chunk data not followed by CRLF: the chunk size was wrong");
        }
    }

    // A byte of a chunk-size line or a trailer line: CRLF ends the line; a bare CR or LF is an error.
    private void lineByte(byte b) throws HttpError {
        if (sawCr) {
            if (b != '\n') {
                throw HttpError.badRequest("bare CR in chunked framing");
            }
            sawCr = false;
            endLine();
            return;
        }
        if (b == '\r') {
            sawCr = true;
        } else if (b == '\n') {
            throw HttpError.badRequest("bare LF in chunked framing: lines end with CRLF");
        } else {
            line.append((char) (b & 0xff));
        }
        if (state == State.SIZE_LINE && line.length() > MAX_LINE_BYTES) {
            throw HttpError.badRequest("chunk-size line longer than " + MAX_LINE_BYTES + " bytes: chunk extensions are bounded");
        }
        if (state == State.TRAILER_LINE && ++trailerBytes > limits.maxHeadBytes()) {
            throw new HttpError(431, "trailer fields exceed " + limits.maxHeadBytes() + " bytes");
        }
    }

    private void endLine() throws HttpError {
        String text = line.toString();
        line.setLength(0);
        if (state == State.TRAILER_LINE) {
            if (text.isEmpty()) {
                state = State.DONE;
            } else {
                HeadParser.field(text, "trailer"); // validated, then dropped: the echo has the raw bytes
                trailerBytes += 2;
            }
            return;
        }
        long size = chunkSize(text);
        if (size == 0) {
            state = State.TRAILER_LINE;
            return;
        }
        if (content + size > limits.maxBodyBytes()) {
            throw new HttpError(413, "chunked body exceeds " + limits.maxBodyBytes() + " bytes");
        }
        content += size;
        remaining = size;
        state = State.DATA;
    }

    // chunk-size [ chunk-ext ] where chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] )
    private long chunkSize(String text) throws HttpError {
        int digits = 0;
        while (digits < text.length() && Tokens.isHex(text.charAt(digits))) {
            digits++;
        }
        if (digits == 0) {
            throw HttpError.badRequest("chunk size is not hexadecimal");
        }
        String hex = text.substring(0, digits).replaceFirst("^0+(?=.)", "");
        if (hex.length() > 8) { // more than 4 GiB: beyond any body limit
            throw new HttpError(413, "chunk size 0x" + hex + " exceeds the body limit of " + limits.maxBodyBytes() + " bytes");
        }
        extensions(text, digits);
        return Long.parseLong(hex, 16);
    }

    private static void extensions(String s, int at) throws HttpError {
        int i = at;
        while (i < s.length()) {
            i = skipOws(s, i);
            if (i >= s.length() || s.charAt(i) != ';') {
                throw HttpError.badRequest("malformed chunk extension: expected ';' after the chunk size");
            }
            i = skipOws(s, i + 1);
            int name = i;
            while (i < s.length() && Tokens.isTchar(s.charAt(i))) {
                i++;
            }
            if (i == name) {
                throw HttpError.badRequest("malformed chunk extension: no name after ';'");
            }
            int afterName = skipOws(s, i);
            if (afterName < s.length() && s.charAt(afterName) == '=') {
                i = extensionValue(s, skipOws(s, afterName + 1));
            }
        }
    }

    // token / quoted-string; returns the index after it
    private static int extensionValue(String s, int at) throws HttpError {
        int i = at;
        if (i < s.length() && s.charAt(i) == '"') {
            for (i++; i < s.length() && s.charAt(i) != '"'; i++) {
                char c = s.charAt(i);
                if (c == '\\') {
                    i++;
                    if (i >= s.length() || !(s.charAt(i) == '\t' || s.charAt(i) >= ' ') || s.charAt(i) == 0x7F) {
                        throw HttpError.badRequest("malformed quoted pair in a chunk extension");
                    }
                } else if ((c < ' ' && c != '\t') || c == 0x7F) {
                    throw HttpError.badRequest("control character in a chunk extension");
                }
            }
            if (i >= s.length()) {
                throw HttpError.badRequest("unterminated quoted string in a chunk extension");
            }
            return i + 1;
        }
        while (i < s.length() && Tokens.isTchar(s.charAt(i))) {
            i++;
        }
        if (i == at) {
            throw HttpError.badRequest("malformed chunk extension: no value after '='");
        }
        return i;
    }

    private static int skipOws(String s, int at) {
        int i = at;
        while (i < s.length() && Tokens.isOws(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
