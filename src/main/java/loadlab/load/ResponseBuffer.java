package loadlab.load;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes a connection has received and not yet used, handed to the strict
 * {@link loadlab.http.ResponseParser} as a stream. The parser was written for a blocking stream; on
 * a loop nothing may block, so the stream ends where the bytes received so far end: reading past
 * them throws {@link #NEED_MORE}, the loop waits for the socket to be readable, appends what came
 * and parses again from the response's first byte. A response almost always arrives in one read,
 * so it is almost always parsed once; a trickled one is parsed once per piece, which a head's 64 KiB
 * limit keeps small. Once the server has closed, the stream really ends (-1), and the parser says
 * what was missing, exactly as it did on a blocking socket.
 */
final class ResponseBuffer extends InputStream {

    /** Thrown, without a stack trace, when the parser wants a byte that has not arrived yet. */
    static final class NeedMore extends RuntimeException {
        private NeedMore() {
            super("the response is not complete yet", null, false, false);
        }
    }

    static final NeedMore NEED_MORE = new NeedMore();

    private byte[] bytes;
    private int length;   // bytes received and not yet used
    private int position; // the parser's place among them
    private boolean ended; // the server closed its side: nothing more will come
    private long received; // on this connection, so far

    ResponseBuffer(int initialSize) {
        bytes = new byte[initialSize];
    }

    /** Starts a new connection: nothing received. */
    void clear() {
        length = 0;
        position = 0;
        ended = false;
        received = 0;
    }

    /** Appends what a read brought ({@code from}, flipped); grows as a big response needs. */
    void append(ByteBuffer from) {
        int n = from.remaining();
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
        from.get(bytes, length, n);
        length += n;
        received += n;
    }

    /** The server closed its side: from the last byte on the stream ends. */
    void end() {
        ended = true;
    }

    boolean ended() {
        return ended;
    }

    /** Parses from the first unused byte again (a parse that needed more starts over). */
    void rewind() {
        position = 0;
    }

    /** Drops the bytes the last complete parse used; what follows them stays for the next response. */
    void consume() {
        System.arraycopy(bytes, position, bytes, 0, length - position);
        length -= position;
        position = 0;
    }

    /** Bytes received on this connection and not yet used: 0 means no byte of the response came. */
    int unused() {
        return length;
    }

    long received() {
        return received;
    }

    /** The first line of the unused bytes (at most 80 characters): what a server said that nobody asked for. */
    String firstLine() {
        return loadlab.http.ResponseParser.firstLine(bytes, length, 80);
    }

    @Override
    public int read() {
        if (position < length) {
            return bytes[position++] & 0xff;
        }
        if (ended) {
            return -1;
        }
        throw NEED_MORE;
    }

    @Override
    public int read(byte[] into, int offset, int n) {
        if (n == 0) {
            return 0;
        }
        if (position == length) {
            if (ended) {
                return -1;
            }
            throw NEED_MORE;
        }
        int count = Math.min(n, length - position);
        System.arraycopy(bytes, position, into, offset, count);
        position += count;
        return count;
    }

    /** The body in one copy (InputStream's own reads it in chunks and copies it again). */
    @Override
    public byte[] readNBytes(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, was " + n);
        }
        int count = Math.min(n, length - position);
        if (count < n && !ended) {
            throw NEED_MORE;
        }
        byte[] out = Arrays.copyOfRange(bytes, position, position + count);
        position += count;
        return out;
    }

    @Override
    public int available() {
        return length - position;
    }
}
