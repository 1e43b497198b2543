package loadlab.exercises;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import loadlab.http.HttpError;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponses;
import loadlab.http.RequestParser;
import loadlab.server.BlockingServer;
import loadlab.server.ServerConfig;

/**
 * Exercise 1: fix the student's resets.
 *
 * <p>The seed's server ({@link loadlab.server.NaiveServer}) read once, at most 1,024 bytes, answered,
 * and closed. When a request was larger, its tail was still unread in the kernel's receive buffer at
 * the close, and a close with unread data makes the kernel send a reset (RST) instead of a FIN: the
 * client sees "connection reset", often before it has read the answer.
 *
 * <p>This server has the same shape, a thread per connection and one request per connection, but
 * its handler does it right: read the whole request, answer, shut down output (a FIN: "I am done
 * talking"), read and discard what the client still sends until it closes too, then close.
 */
public final class LingeringCloseServer extends BlockingServer {

    /** How long the drain waits for the client's FIN before it gives up. */
    static final int DRAIN_MILLIS = 2_000;

    private final Set<Thread> handlers = ConcurrentHashMap.newKeySet();

    private LingeringCloseServer(ServerConfig config) throws IOException {
        super("lingering-close", config);
    }

    public static LingeringCloseServer start(ServerConfig config) throws IOException {
        return new LingeringCloseServer(config).start();
    }

    @Override
    protected void dispatch(Socket socket) {
        Thread handler = Thread.ofPlatform().name("lingering-" + socket.getPort()).unstarted(() -> {
            try (socket) {
                handle(socket);
            } catch (IOException ignored) {
                // the client went away: nothing to answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the server is closing
            } finally {
                forget(socket);
                handlers.remove(Thread.currentThread());
            }
        });
        handlers.add(handler);
        handler.start();
    }

    /** Serves one request on {@code socket}, then closes it without a reset. */
    void handle(Socket socket) throws IOException, InterruptedException {
        // TODO Exercise 1: read the whole request (a RequestParser), answer it (HttpResponses.echo with keep-alive false, or .error for an HttpError), then shutdownOutput, read until the client closes (at most DRAIN_MILLIS), and close
        throw new UnsupportedOperationException("Exercise 1: read the whole request (a RequestParser), answer it (HttpResponses.echo with keep-alive false, or .error for an HttpError), then shutdownOutput, read until the client closes (at most DRAIN_MILLIS), and close");
    }

    @Override
    protected void stopWorkers() {
        for (Thread handler : handlers) {
            handler.interrupt();
            join(handler);
        }
    }
}
