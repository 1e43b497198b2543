package loadlab.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import loadlab.http.HttpResponses;

/** Closing a socket without destroying the answer just written to it. */
public final class Sockets {

    /** How long and how much a lingering close reads before it gives up on the client. */
    static final int LINGER_MILLIS = 2_000;
    static final long LINGER_MAX_BYTES = 4L * 1024 * 1024;

    private Sockets() { }

    /**
     * Refuses a connection with 503, off the calling thread so that a slow client can't stall an
     * acceptor: the answer is written at once, then what the client may still be sending is drained
     * (a lingering close) so that no reset destroys the answer.
     */
    public static void refuseBusy(Socket socket) {
        Thread.ofVirtual().name("refuse-503").start(() -> {
            try {
                socket.getOutputStream().write(HttpResponses.error(503, "server busy: the queue is full, try again"));
            } catch (IOException ignored) {
                // the client is gone; nothing to tell it
            }
            lingeringClose(socket);
        });
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
