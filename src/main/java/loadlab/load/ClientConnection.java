package loadlab.load;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * One TCP connection to the target, with its timeouts as deadlines. Before connecting, and before
 * sending a request, the owner arms a deadline; the {@link Watchdog} closes the connection of any
 * deadline that passes, which wakes the blocked owner. So a read timeout covers the whole response
 * (a server trickling a byte a second can't stretch it), and the reads are plain blocking reads: on
 * a platform thread one system call, where a socket read timeout costs a non-blocking read, a poll
 * and a second read.
 */
final class ClientConnection implements AutoCloseable {

    private static final int BUFFER_BYTES = 16 * 1024;
    private static final long IDLE = 0;
    private static final long EXPIRED = Long.MIN_VALUE;
    private static final VarHandle DEADLINE;

    static {
        try {
            DEADLINE = MethodHandles.lookup().findVarHandle(ClientConnection.class, "deadline", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Socket socket = new Socket();
    ResponseStream in;
    OutputStream out;
    /** Whether a response already came over this connection: only then can it have gone stale. */
    boolean reused;
    @SuppressWarnings("unused") // accessed through DEADLINE
    private volatile long deadline = IDLE;

    /** Connects within the target's connect timeout. */
    void connect(Target target) throws IOException {
        socket.setTcpNoDelay(true); // a request is one write; don't let Nagle hold it
        arm(System.nanoTime() + target.connectNanos);
        try {
            socket.connect(target.address);
        } catch (IOException e) {
            throw disarm() ? connectTimeout(target) : e;
        }
        if (disarm()) {
            throw connectTimeout(target);
        }
        in = new ResponseStream(socket.getInputStream(), BUFFER_BYTES);
        out = socket.getOutputStream();
    }

    /** Sets the deadline of the blocking operation about to start. */
    void arm(long deadlineNanos) {
        DEADLINE.setVolatile(this, deadlineNanos == IDLE || deadlineNanos == EXPIRED ? deadlineNanos + 1 : deadlineNanos);
    }

    /** Ends the operation's deadline; true if it had passed (and the watchdog closed the connection). */
    boolean disarm() {
        return (long) DEADLINE.getAndSet(this, IDLE) == EXPIRED;
    }

    /** The watchdog's check: closes the connection if its armed deadline has passed. */
    void expireIfDue(long now) {
        long d = deadline;
        if (d != IDLE && d != EXPIRED && now - d > 0 && DEADLINE.compareAndSet(this, d, EXPIRED)) {
            close();
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a connection that already failed: nothing more to learn from it
        }
    }

    private static SocketTimeoutException connectTimeout(Target target) {
        return new SocketTimeoutException("no connection within the connect timeout of " + target.connectNanos / 1_000_000 + " ms");
    }
}
