package loadlab.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * The bytes of a connection as the strict response parser reads them, a byte at a time, without a
 * lock per byte (as {@link java.io.BufferedInputStream} takes). Reads go straight from the socket
 * into a direct buffer that the {@link Lane} keeps for all its connections, so a new connection
 * costs no new buffer. It counts the bytes handed out, so the generator can tell a connection that
 * closed before any byte of the response from one that broke in the middle of it.
 */
final class ResponseStream extends InputStream {

    private final ByteBuffer buffer; // between reads: position = next byte to hand out, limit = end of data
    private ReadableByteChannel channel;
    private long fetched; // bytes read from the socket so far

    ResponseStream(int size) {
        buffer = ByteBuffer.allocateDirect(size).flip();
    }

    /** Starts reading a new connection. */
    void attach(ReadableByteChannel source) {
        channel = source;
        buffer.clear().flip();
        fetched = 0;
    }

    /** Bytes handed to the reader so far. */
    long consumed() {
        return fetched - buffer.remaining();
    }

    @Override
    public int read() throws IOException {
        if (!buffer.hasRemaining() && !fill()) {
            return -1;
        }
        return buffer.get() & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!buffer.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(length, buffer.remaining());
        buffer.get(into, offset, n);
        return n;
    }

    @Override
    public int available() {
        return buffer.remaining();
    }

    private boolean fill() throws IOException {
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer); // blocking: returns at least one byte, or -1 at the end
        } finally {
            buffer.flip();
        }
        if (n <= 0) {
            return false;
        }
        fetched += n;
        return true;
    }
}
