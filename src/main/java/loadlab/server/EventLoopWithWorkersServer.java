package loadlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import loadlab.http.HttpError;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponses;

/**
 * The event loop that keeps its rule: never block the loop. One thread and one selector accept,
 * read, parse and write, as in {@link EventLoopServer}, but the {@link Work} of each request runs
 * on a fixed pool of {@code threads} workers. A worker hands its response back through a queue and
 * wakes the selector; only the loop touches sockets. While a connection's request is with a worker
 * the loop stops reading that connection, so its responses leave in order. This is how Netty and
 * Node.js treat blocking calls: the loop waits on sockets, the pool waits on the work.
 */
public final class EventLoopWithWorkersServer implements EchoServer {

    private record Done(SelectionKey key, byte[] response, boolean close) { }

    private final ServerConfig config;
    private final Selector selector = Selector.open();
    private final ServerSocketChannel listener = ServerSocketChannel.open();
    private final InetSocketAddress address;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final ExecutorService workers;
    private final Queue<Done> done = new ConcurrentLinkedQueue<>();
    private final Set<EventLoopConnection> atWork = new HashSet<>(); // the loop thread's alone
    private final Thread loop;
    private volatile boolean stopped;

    private EventLoopWithWorkersServer(ServerConfig config) throws IOException {
        this.config = config;
        try {
            listener.bind(new InetSocketAddress(config.host(), config.port()), 1024);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            listener.close();
            selector.close();
            throw e;
        }
        address = (InetSocketAddress) listener.getLocalAddress();
        workers = Executors.newFixedThreadPool(config.threads(), Thread.ofPlatform().name("offload-worker-", 0).factory());
        loop = Thread.ofPlatform().name("event-loop").start(this::run);
    }

    public static EventLoopWithWorkersServer start(ServerConfig config) throws IOException {
        return new EventLoopWithWorkersServer(config);
    }

    private void run() {
        try (selector; listener) {
            while (!stopped) {
                selector.select(100); // wakes at least ten times a second to expire idle connections
                for (Done d = done.poll(); d != null; d = done.poll()) {
                    finished(d);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
                expireIdle();
            }
            selector.keys().forEach(EventLoopWithWorkersServer::close);
        } catch (IOException e) {
            System.err.println("event-loop-offload: selector failed: " + e.getMessage());
        }
    }

    private void handle(SelectionKey key) {
        try {
            if (key.isValid() && key.isAcceptable()) {
                SocketChannel channel;
                while ((channel = listener.accept()) != null) {
                    channel.configureBlocking(false);
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    channel.register(selector, SelectionKey.OP_READ, new EventLoopConnection(channel, config.limits()));
                }
            }
            EventLoopConnection conn = (EventLoopConnection) key.attachment();
            if (key.isValid() && key.isReadable()) {
                readBuffer.clear();
                if (!conn.read(readBuffer)) {
                    close(key);
                    return;
                }
                dispatchNext(key, conn);
            }
            if (key.isValid() && key.isWritable()) {
                flush(key, conn);
            }
        } catch (IOException e) {
            close(key); // this client failed (reset, broken pipe); the others go on
        }
    }

    // Hands the connection's next complete request, if any, to a worker; then writes what is ready.
    private void dispatchNext(SelectionKey key, EventLoopConnection conn) throws IOException {
        try {
            HttpRequest request = atWork.contains(conn) ? null : conn.nextRequest();
            if (request != null) {
                atWork.add(conn);
                workers.execute(() -> work(key, request));
            }
        } catch (RejectedExecutionException e) {
            close(key); // the server is closing
            return;
        } catch (HttpError e) {
            conn.fail(HttpResponses.error(e));
        }
        flush(key, conn);
    }

    // On a worker: the blocking part, off the loop.
    private void work(SelectionKey key, HttpRequest request) {
        try {
            config.work().apply();
            done.add(new Done(key, HttpResponses.echo(request), !request.keepAlive()));
            selector.wakeup();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing: the response is not needed
        }
    }

    private void finished(Done d) {
        EventLoopConnection conn = (EventLoopConnection) d.key().attachment();
        atWork.remove(conn);
        if (!d.key().isValid()) {
            return; // closed meanwhile (idle, reset, server closing)
        }
        conn.respond(d.response(), d.close());
        try {
            dispatchNext(d.key(), conn); // a request that arrived behind this one, already parsed
        } catch (IOException e) {
            close(d.key());
        }
    }

    // Writes what the socket takes; reads again only when nothing is owed to a worker or the socket.
    private void flush(SelectionKey key, EventLoopConnection conn) throws IOException {
        if (!conn.flush()) {
            key.interestOps(SelectionKey.OP_WRITE);
        } else if (conn.isDone()) {
            close(key);
        } else {
            key.interestOps(atWork.contains(conn) ? 0 : SelectionKey.OP_READ);
        }
    }

    private void expireIdle() {
        long now = System.nanoTime();
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof EventLoopConnection conn && !atWork.contains(conn) && conn.isIdle(now)) {
                try {
                    if (conn.timeOut()) {
                        flush(key, conn);
                    } else {
                        close(key);
                    }
                } catch (IOException e) {
                    close(key);
                }
            }
        }
    }

    private static void close(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing a socket that already failed
        }
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
        stopped = true;
        workers.shutdownNow(); // first, so that no worker wakes a closed selector; interrupts their sleeps
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                System.err.println("event-loop-offload: workers did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        selector.wakeup();
        BlockingServer.join(loop);
    }
}
