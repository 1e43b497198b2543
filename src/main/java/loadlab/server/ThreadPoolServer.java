package loadlab.server;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of threads takes connections from a bounded queue. Threads are made once and reused,
 * and the queue is admission control: when it is full the server answers 503 at once instead of
 * letting the backlog, and every client's wait, grow without bound.
 */
public final class ThreadPoolServer extends BlockingServer {

    private final ThreadPoolExecutor pool;

    private ThreadPoolServer(ServerConfig config) throws IOException {
        super("thread-pool", config);
        Sockets.startVirtualThreadPoller(); // its 503s linger on virtual threads, which need the poller even out of descriptors
        AtomicInteger ids = new AtomicInteger();
        pool = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.SECONDS,
                config.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(config.queue()),
                r -> Thread.ofPlatform().name("pool-" + ids.incrementAndGet()).unstarted(r));
    }

    public static ThreadPoolServer start(ServerConfig config) throws IOException {
        return new ThreadPoolServer(config).start();
    }

    @Override
    protected void dispatch(Socket socket) {
        try {
            pool.execute(() -> serve(socket));
        } catch (RejectedExecutionException full) {
            forget(socket);
            Sockets.refuseBusy(socket); // 503 at once, never a wait
        }
    }

    @Override
    protected void stopWorkers() {
        pool.shutdownNow(); // interrupts the workers sleeping in their work
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                System.err.println("thread-pool: workers did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
