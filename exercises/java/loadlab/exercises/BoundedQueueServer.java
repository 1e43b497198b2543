package loadlab.exercises;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import loadlab.server.BlockingServer;
import loadlab.server.ServerConfig;
import loadlab.server.Sockets;

/**
 * Exercise 2: a thread pool that sheds load.
 *
 * <p>A fixed number of worker threads ({@code --threads}) take accepted connections from a queue of
 * bounded length ({@code --queue}). When more arrive than the workers can serve, an unbounded queue
 * only grows, and so does every client's wait: under overload the server answers everyone, late.
 * A bounded queue says no early instead: when it is full, the connection gets a 503 at once, and
 * the requests it accepts keep a bounded response time.
 *
 * <p>Written with a plain {@link BlockingQueue} and threads rather than a ThreadPoolExecutor, so that
 * the queue and the workers are in plain sight.
 */
public final class BoundedQueueServer extends BlockingServer {

    private final BlockingQueue<Socket> queue;
    private final List<Thread> workers = new ArrayList<>();

    private BoundedQueueServer(ServerConfig config) throws IOException {
        super("bounded-queue", config);
        queue = new ArrayBlockingQueue<>(Math.max(1, config.queue()));
        for (int i = 0; i < config.threads(); i++) {
            workers.add(Thread.ofPlatform().name("bounded-worker-" + i).start(this::work));
        }
    }

    public static BoundedQueueServer start(ServerConfig config) throws IOException {
        return new BoundedQueueServer(config).start();
    }

    /** Called by the acceptor for each connection: queue it, or refuse it at once. */
    @Override
    protected void dispatch(Socket socket) {
        // TODO Exercise 2: offer the socket to the queue without waiting; if the queue is full, call reject(socket)
        throw new UnsupportedOperationException("Exercise 2: offer the socket to the queue without waiting; if the queue is full, call reject(socket)");
    }

    /** Each worker's loop. */
    private void work() {
        // TODO Exercise 2: until the server stops, take a socket from the queue and serve(socket) it; return when interrupted
        throw new UnsupportedOperationException("Exercise 2: until the server stops, take a socket from the queue and serve(socket) it; return when interrupted");
    }

    /** Answers 503 and closes without a reset, off the acceptor thread so that accepting never waits. */
    private void reject(Socket socket) {
        forget(socket);
        Sockets.refuseBusy(socket);
    }

    @Override
    protected void stopWorkers() {
        for (Thread worker : workers) {
            worker.interrupt();
            join(worker);
        }
        Socket waiting;
        while ((waiting = queue.poll()) != null) {
            try {
                waiting.close();
            } catch (IOException ignored) {
                // closing a connection nobody served
            }
        }
    }
}
