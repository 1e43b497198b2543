package loadlab.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import loadlab.http.HttpResponses;

/** Closing a socket without destroying the answer just written to it. */
public final class Sockets {

    /** How long and how much a lingering close reads before it gives up on the client. */
    static final int LINGER_MILLIS = 2_000;
    static final long LINGER_MAX_BYTES = 4L * 1024 * 1024;

    private static volatile boolean pollerStarted;

    private Sockets() { }

    /**
     * Makes the JDK start its poller for virtual threads' blocking I/O now, while descriptors are
     * free. It starts on first use, and if that use comes while the process is out of file
     * descriptors its start fails, and every later socket read or write of a virtual thread fails
     * with it ({@code NoClassDefFoundError: Could not initialize class sun.nio.ch.Poller}) for the
     * life of the JVM: a refusal with 503 ({@link #refuseBusy}) or the virtual-threads model would
     * then fail for good after one burst of connections. A virtual thread's accept with a timeout of
     * 1 ms parks in the poller, which starts it.
     */
    static void startVirtualThreadPoller() throws IOException {
        if (pollerStarted) {
            return;
        }
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            probe.setSoTimeout(1);
            Thread.ofVirtual().name("start-poller").start(() -> {
                try {
                    probe.accept().close();
                } catch (IOException expected) {
                    // the timeout: the poller has started
                }
            }).join();
            pollerStarted = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Refuses a connection with 503 because a queue is full; see {@link #refuseBusy(Socket, String)}. */
    public static void refuseBusy(Socket socket) {
        refuseBusy(socket, "server busy: the queue is full, try again");
    }

    /**
     * Refuses a connection with 503, off the calling thread so that a slow client can't stall an
     * acceptor: the answer is written at once, then what the client may still be sending is drained
     * (a lingering close) so that no reset destroys the answer. If not even a virtual thread can be
     * had, the acceptor refuses it itself ({@link #refuseNow}).
     */
    public static void refuseBusy(Socket socket, String message) {
        try {
            Thread.ofVirtual().name("refuse-503").start(() -> {
                try {
                    socket.getOutputStream().write(HttpResponses.error(503, message));
                } catch (IOException ignored) {
                    // the client is gone; nothing to tell it
                }
                lingeringClose(socket);
            });
        } catch (Throwable noThread) { // OutOfMemoryError: unable to create native thread (a carrier)
            refuseNow(socket, message);
        }
    }

    /**
     * Refuses a connection with 503 on the calling thread, for when no thread can be had: a 503 of a
     * few hundred bytes fits in a fresh socket's send buffer, so the write does not block. What the
     * client has sent already is read and dropped first, so that the close sends no reset.
     */
    static void refuseNow(Socket socket, String message) {
        try (socket) {
            socket.getOutputStream().write(HttpResponses.error(503, message));
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            in.skipNBytes(Math.min(in.available(), LINGER_MAX_BYTES));
        } catch (IOException ignored) {
            // the client is gone, or reset us: nothing more to do for it
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that already failed
        }
    }

    /**
     * Closes a socket whose peer may still be sending. A plain close with unread bytes in the
     * receive buffer makes the kernel send a reset (RFC 1122, 4.2.2.13), and the reset can destroy
     * the response before the client reads it. So: finish our side with a FIN, read and discard
     * what the client still sends until it closes too (bounded in time and bytes), then close.
     * Apache calls this lingering close.
     */
    public static void lingeringClose(Socket socket) {
        try (socket) {
            socket.shutdownOutput();
            socket.setSoTimeout(LINGER_MILLIS);
            InputStream in = socket.getInputStream();
            byte[] discard = new byte[16 * 1024];
            long drained = 0;
            long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000L;
            int n;
            while ((n = in.read(discard)) >= 0 && (drained += n) < LINGER_MAX_BYTES && System.nanoTime() < deadline) {
                // discard
            }
        } catch (IOException ignored) {
            // A timeout or a reset while draining: the client has what it will get.
        }
    }
}
