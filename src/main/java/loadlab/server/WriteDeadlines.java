package loadlab.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Write deadlines for blocking sockets, which have none of their own: a write to a client that
 * stops reading blocks until the kernel's buffers drain, which may be never, and a single-threaded
 * server is then wedged. Each connection writes through a {@link #guard}, which arms a deadline of
 * one idle timeout for every slice of at most 64 KiB; a watchdog thread closes the socket of any
 * guard still armed past its deadline, and the blocked write fails. A slow reader that takes each
 * slice in time is served; one that stops reading is disconnected.
 */
final class WriteDeadlines implements AutoCloseable {

    private static final int SLICE_BYTES = 64 * 1024;
    private static final long IDLE = Long.MIN_VALUE;

    private final long timeoutNanos;
    private final long tickNanos;
    private final Set<Guard> guards = ConcurrentHashMap.newKeySet();
    private final Thread watchdog;
    private volatile boolean stopped;

    WriteDeadlines(String model, Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.tickNanos = Math.clamp(timeoutNanos / 10, 10_000_000L, 250_000_000L);
        this.watchdog = Thread.ofPlatform().daemon().name("write-deadlines-" + model).start(this::watch);
    }

    /** The socket's output stream with a deadline on every write; closing it forgets the socket (and leaves it open). */
    OutputStream guard(Socket socket) throws IOException {
        Guard guard = new Guard(socket);
        guards.add(guard);
        return guard;
    }

    private void watch() {
        while (!stopped) {
            LockSupport.parkNanos(tickNanos);
            long now = System.nanoTime();
            for (Guard guard : guards) {
                long since = guard.writingSince;
                if (since != IDLE && now - since > timeoutNanos) {
                    guard.expire();
                }
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(watchdog);
        BlockingServer.join(watchdog);
    }

    private final class Guard extends OutputStream {
        private final Socket socket;
        private final OutputStream out;
        private volatile long writingSince = IDLE;

        Guard(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int at = off; at < off + len; at += SLICE_BYTES) {
                writingSince = System.nanoTime();
                try {
                    out.write(b, at, Math.min(SLICE_BYTES, off + len - at));
                } finally {
                    writingSince = IDLE;
                }
            }
        }

        void expire() {
            try {
                socket.close(); // the blocked write throws; its thread ends the connection
            } catch (IOException ignored) {
                // closing a socket that already failed
            }
        }

        @Override
        public void close() {
            guards.remove(this);
        }
    }
}
