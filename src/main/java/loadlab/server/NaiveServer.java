package loadlab.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A faithful replica of the seed's student server, faults and all, to show where its failures came
 * from. Each connection gets a thread, and the handler:
 * <ol>
 *   <li>reads once, at most 1,024 bytes, and takes that as the whole request (a larger request is
 *       cut, and the rest stays unread in the kernel's receive buffer);</li>
 *   <li>answers {@code HTTP/1.1 200 OK} with bare LF line endings and no Content-Length, so a strict
 *       client can't tell where the body ends;</li>
 *   <li>closes the socket at once. With unread bytes in the receive buffer the kernel answers the
 *       close with a reset (RST) instead of a FIN, and the client sees "connection reset", often
 *       before it has read the response.</li>
 * </ol>
 * Do not copy this server; compare it with {@link ThreadPerConnectionServer}.
 */
public final class NaiveServer extends BlockingServer {

    private final Set<Thread> handlers = ConcurrentHashMap.newKeySet();

    private NaiveServer(ServerConfig config) throws IOException {
        super("naive", config);
    }

    public static NaiveServer start(ServerConfig config) throws IOException {
        return new NaiveServer(config).start();
    }

    @Override
    protected void dispatch(Socket socket) {
        Thread handler = Thread.ofPlatform().name("naive-" + socket.getPort()).unstarted(() -> {
            try {
                handle(socket);
            } finally {
                forget(socket);
                handlers.remove(Thread.currentThread());
            }
        });
        handlers.add(handler);
        handler.start();
    }

    private void handle(Socket socket) {
        try (socket) {
            socket.setSoTimeout(config.limits().idleTimeoutMillis());
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] data = new byte[1024];
            int n = in.read(data);                       // fault 1: one read of at most 1,024 bytes
            if (n <= 0) {
                return;
            }
            config.work().apply();
            out.write("HTTP/1.1 200 OK\n\n".getBytes(StandardCharsets.US_ASCII)); // fault 2: bare LF, no length
            out.write(data, 0, n);
            out.flush();
            if (in.available() > 0) {
                // The seed's close(2) with bytes unread sends the reset alone. Java's close() sends a FIN
                // first (it shuts output down unless linger is 0), and a reading client then sees the end
                // of the stream, not the reset. Linger 0 makes it the seed's close: the response has
                // already left, then RST.
                socket.setSoLinger(true, 0);
            }
        } catch (IOException ignored) {
            // the seed printed nothing either
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }                                                // fault 3: close with bytes still unread
    }

    @Override
    protected void stopWorkers() {
        for (Thread handler : handlers) {
            handler.interrupt();
            join(handler);
        }
    }
}
