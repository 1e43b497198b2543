package loadlab.exercises;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import loadlab.http.HttpError;
import loadlab.http.HttpLimits;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponses;
import loadlab.http.RequestParser;
import loadlab.http.RequestParser.Phase;
import loadlab.server.BlockingServer;
import loadlab.server.ServerConfig;
import loadlab.server.Sockets;

/**
 * Exercise 6: cut slowloris off.
 *
 * <p>A fixed pool of threads ({@code --threads}) serves the connections, one each at a time. A
 * slowloris client sends its request head a byte at a time and never finishes: a handful hold every
 * thread while everyone else waits in the queue. A read timeout does not help (the next byte always
 * comes in time); a deadline does: the whole head within {@code headTimeout} of its first byte, the
 * body at {@code minBodyRate} bytes a second. Past either, 408, and the thread serves the next one.
 *
 * <p>Not final, so that the instructors' mutant (a timeout per read, no deadline) can override
 * {@link #readRequest} alone.
 */
public class HeadDeadlineServer extends BlockingServer {

    private final ExecutorService pool;

    HeadDeadlineServer(String model, ServerConfig config) throws IOException {
        super(model, config);
        // An unbounded queue: this lesson is the threads' time; refusing work when busy is exercise 2's.
        pool = Executors.newFixedThreadPool(config.threads(), Thread.ofPlatform().name("head-deadline-", 1).factory());
    }

    public static HeadDeadlineServer start(ServerConfig config) throws IOException {
        return new HeadDeadlineServer("head-deadline", config).start();
    }

    @Override
    protected void dispatch(Socket socket) {
        pool.execute(() -> handle(socket));
    }

    /**
     * Reads the next request on the connection, each read timed out at the deadline of the request's
     * phase ({@code parser.phase()}): BETWEEN (none of it yet), one idle timeout, then null, as when
     * the client closes; HEAD, {@code headTimeout} from the head's first byte, however it drips;
     * BODY, one idle timeout (a grace), plus 1 s / {@code minBodyRate} for each body byte received.
     * Past a deadline mid-request, throws {@link #cutOff} (408).
     */
    HttpRequest readRequest(Socket socket, InputStream in, RequestParser parser) throws IOException, HttpError {
        // TODO Exercise 6: read until parser.next() gives a request; before each read, set the socket's timeout to the time left before the deadline of the request's phase, as this method's javadoc says (the whole head within headTimeout of its first byte, the body at minBodyRate after a grace); past it mid-request, throw cutOff(phase)
        throw new UnsupportedOperationException("Exercise 6: read until parser.next() gives a request; before each read, set the socket's timeout to the time left before the deadline of the request's phase, as this method's javadoc says (the whole head within headTimeout of its first byte, the body at minBodyRate after a grace); past it mid-request, throw cutOff(phase)");
    }

    /** The 408 for a request whose head, or body, ran out of time. */
    final HttpError cutOff(Phase phase) {
        return new HttpError(408, phase == Phase.HEAD
                ? "no complete request head within " + config.limits().headTimeout().toMillis() + " ms"
                : "request body slower than " + config.limits().minBodyRate() + " bytes a second");
    }

    /** One connection on a pool thread: its requests, each echoed, until it ends or is cut off. */
    private void handle(Socket socket) {
        try (OutputStream out = guard(socket)) {
            InputStream in = socket.getInputStream();
            RequestParser parser = new RequestParser(config.limits());
            try {
                HttpRequest request;
                while ((request = readRequest(socket, in, parser)) != null) {
                    config.work().apply();
                    out.write(HttpResponses.echo(request));
                    out.flush();
                    if (!request.keepAlive()) {
                        return;
                    }
                }
            } catch (HttpError e) { // 408 from the deadlines; 400, 413 or 431 from the parser
                out.write(HttpResponses.error(e)); // Connection: close
                out.flush();
            }
        } catch (IOException ignored) {
            // the client went away, or stopped reading our answer (a write past its deadline)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing
        } finally {
            forget(socket);
            // A lingering close keeps the answer from a reset (exercise 1). It waits up to 2 s for a client
            // still dripping, so on a virtual thread: the pool's thread serves the next connection at once.
            Thread.ofVirtual().name("head-deadline-close").start(() -> Sockets.lingeringClose(socket));
        }
    }

    @Override
    protected void stopWorkers() {
        pool.shutdownNow(); // interrupts workers in their work; close() has closed the sockets they read
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                System.err.println("head-deadline: workers did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
