package loadlab.load;

import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered socket input stream for one reader. {@link java.io.BufferedInputStream} takes a lock on
 * every {@code read()}, and the strict response parser reads the head a byte at a time; this one
 * does not lock, and it counts the bytes handed out, so the generator can tell a connection that
 * closed before any byte of the response from one that broke in the middle of it.
 */
final class ResponseStream extends InputStream {

    private final InputStream in;
    private final byte[] buffer;
    private int position;
    private int limit;
    private long fetched; // bytes read from the socket so far

    ResponseStream(InputStream in, int size) {
        this.in = in;
        this.buffer = new byte[size];
    }

    /** Bytes handed to the reader so far. */
    long consumed() {
        return fetched - (limit - position);
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == limit) {
            if (length >= buffer.length) {
                int n = in.read(into, offset, length); // a big body: skip the copy
                if (n > 0) {
                    fetched += n;
                }
                return n;
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, into, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (limit - position) + in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        fetched += n;
        return true;
    }
}
