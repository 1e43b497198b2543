package loadlab.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads with a timeout from a stream that has none, such as a CGI child's stdin (a pipe): a daemon
 * thread reads ahead into a small queue (at most four pieces of 16 KiB), and a read waits on the
 * queue as long as the caller allows. So the child enforces the same head deadline, body rate and
 * idle timeout as a server reading a socket.
 */
final class TimedPipe implements TimedInput {

    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> ahead = new ArrayBlockingQueue<>(4);
    private byte[] current;
    private int at;

    TimedPipe(InputStream in) {
        Thread.ofPlatform().daemon().name("stdin-reader").start(() -> pump(in));
    }

    private void pump(InputStream in) {
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (n > 0) {
                    ahead.put(Arrays.copyOf(buffer, n));
                }
            }
        } catch (IOException ignored) {
            // the parent closed our stdin or died: the same as the end of the stream
        } catch (InterruptedException e) {
            return; // nobody reads on
        }
        try {
            ahead.put(END);
        } catch (InterruptedException ignored) {
            // nobody reads on
        }
    }

    @Override
    public int read(byte[] into, int timeoutMillis) throws IOException {
        if (current == END) {
            return -1;
        }
        if (current == null || at == current.length) {
            try {
                current = ahead.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading stdin");
            }
            at = 0;
            if (current == null) {
                throw new SocketTimeoutException("no bytes on stdin within " + timeoutMillis + " ms");
            }
            if (current == END) {
                return -1;
            }
        }
        int n = Math.min(into.length, current.length - at);
        System.arraycopy(current, at, into, 0, n);
        at += n;
        return n;
    }
}
