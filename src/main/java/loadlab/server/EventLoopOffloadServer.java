package loadlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The event loop that keeps its rule: never block the loop. One thread and one selector accept,
 * read, parse and write, as in {@link EventLoopServer}, but the {@link Work} of each request runs
 * on a fixed pool of {@code threads} workers. A worker answers through the {@link Reactor}, which
 * posts the answer to the loop and wakes it; only the loop touches sockets. While a connection's
 * request is with a worker the loop reads nothing more from it, so its answers leave in order. This
 * is how Netty and Node.js treat blocking calls: the loop waits on sockets, the pool waits on the
 * work. The difference from {@link EventLoopServer} is the one method below.
 */
public final class EventLoopOffloadServer implements EchoServer {

    private final Work work;
    private final ExecutorService workers;
    private final Reactor reactor;
    private final InetSocketAddress address;

    private EventLoopOffloadServer(ServerConfig config) throws IOException {
        work = config.work();
        workers = Executors.newFixedThreadPool(config.threads(), Thread.ofPlatform().name("offload-worker-", 0).factory());
        try {
            reactor = new Reactor("event-loop", config, this::onRequest);
        } catch (IOException | RuntimeException e) {
            workers.shutdownNow();
            throw e;
        }
        try {
            address = reactor.listen(config);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    public static EventLoopOffloadServer start(ServerConfig config) throws IOException {
        return new EventLoopOffloadServer(config);
    }

    /** On the loop thread: hand the request to a worker, which does the work and answers from there. */
    private void onRequest(Exchange exchange) {
        workers.execute(() -> {
            try {
                work.apply();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the server is closing: the answer is not needed
                return;
            }
            exchange.answer();
        });
    }

    @Override
    public String model() {
        return "event-loop-offload";
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        workers.shutdownNow(); // first, so that no worker wakes a closed selector; interrupts their sleeps
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                System.err.println("event-loop-offload: workers did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reactor.close(); // closes the listener with every other channel of the loop
    }
}
