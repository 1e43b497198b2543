package loadlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The event loop that keeps its rule: never block the loop. One thread and one selector accept,
 * read, parse and write, as in {@link EventLoopServer}, but the {@link Work} of each request runs
 * on a fixed pool of {@code threads} workers. A worker hands its response back through a queue and
 * wakes the selector; only the loop touches sockets. While a connection's request is with a worker
 * the loop stops reading that connection, so its responses leave in order. This is how Netty and
 * Node.js treat blocking calls: the loop waits on sockets, the pool waits on the work. The
 * difference from {@link EventLoopServer} is one argument: the {@link Reactor} gets the pool.
 */
public final class EventLoopWithWorkersServer implements EchoServer {

    private final ServerSocketChannel listener = ServerSocketChannel.open();
    private final InetSocketAddress address;
    private final ExecutorService workers;
    private final Reactor reactor;

    private EventLoopWithWorkersServer(ServerConfig config) throws IOException {
        try {
            listener.bind(new InetSocketAddress(config.host(), config.port()), 1024);
            address = (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        workers = Executors.newFixedThreadPool(config.threads(), Thread.ofPlatform().name("offload-worker-", 0).factory());
        reactor = new Reactor("event-loop", config, workers);
        try {
            reactor.listen(listener);
        } catch (IOException e) {
            close();
            listener.close();
            throw e;
        }
    }

    public static EventLoopWithWorkersServer start(ServerConfig config) throws IOException {
        return new EventLoopWithWorkersServer(config);
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
