package loadlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import loadlab.http.HttpError;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponses;

/**
 * One thread and one NIO {@link Selector} serve every connection. Sockets are non-blocking: a read
 * takes what has arrived, a write puts what fits, and the selector says which socket is ready next.
 * No thread per connection: ten thousand idle clients cost ten thousand small
 * {@link EventLoopConnection} objects.
 *
 * <p>The rule of the event loop: never block it. The {@link Work} here runs on the loop thread, so a
 * {@code sleep:10ms} stalls every connection for 10 ms; the experiments show what that costs.
 */
public final class EventLoopServer implements EchoServer {

    private final ServerConfig config;
    private final Selector selector = Selector.open();
    private final ServerSocketChannel listener = ServerSocketChannel.open();
    private final InetSocketAddress address;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024); // one thread: one buffer for all
    private final Thread loop;
    private volatile boolean stopped;

    private EventLoopServer(ServerConfig config) throws IOException {
        this.config = config;
        try {
            if (config.reusePort()) {
                listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            listener.bind(new InetSocketAddress(config.host(), config.port()), 1024);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            listener.close();
            selector.close();
            throw e;
        }
        address = (InetSocketAddress) listener.getLocalAddress();
        loop = Thread.ofPlatform().name("event-loop").start(this::run);
    }

    public static EventLoopServer start(ServerConfig config) throws IOException {
        return new EventLoopServer(config);
    }

    private void run() {
        try (selector; listener) {
            while (!stopped) {
                selector.select(100); // wakes at least ten times a second to expire idle connections
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
                expireIdle();
            }
            selector.keys().forEach(EventLoopServer::close);
        } catch (IOException e) {
            System.err.println("event-loop: selector failed: " + e.getMessage());
        }
    }

    private void handle(SelectionKey key) {
        try {
            if (key.isValid() && key.isAcceptable()) {
                accept();
            }
            if (key.isValid() && key.isReadable()) {
                onReadable(key, (EventLoopConnection) key.attachment());
            }
            if (key.isValid() && key.isWritable()) {
                onWritable(key, (EventLoopConnection) key.attachment());
            }
        } catch (IOException e) {
            close(key); // this client failed (reset, broken pipe); the others go on
        } catch (InterruptedException e) {
            stopped = true; // close() interrupts a loop that is sleeping in its work
        } catch (RuntimeException e) {
            close(key); // a bug: report it as any thread's uncaught exception, and keep serving the others
            Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = listener.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.register(selector, SelectionKey.OP_READ, new EventLoopConnection(channel, config.limits()));
        }
    }

    private void onReadable(SelectionKey key, EventLoopConnection conn) throws IOException, InterruptedException {
        readBuffer.clear();
        if (!conn.read(readBuffer)) {
            close(key);
            return;
        }
        try {
            for (HttpRequest request = conn.nextRequest(); request != null; request = conn.nextRequest()) {
                config.work().apply(); // on the loop thread: every other connection waits meanwhile
                conn.respond(HttpResponses.echo(request), !request.keepAlive());
            }
        } catch (HttpError e) {
            conn.fail(HttpResponses.error(e));
        }
        onWritable(key, conn);
    }

    // Writes what the socket takes now. Until the rest is out, wait for writability and stop reading,
    // so that a client that sends but never reads can't make us buffer without end.
    private void onWritable(SelectionKey key, EventLoopConnection conn) throws IOException {
        if (!conn.flush()) {
            key.interestOps(SelectionKey.OP_WRITE);
        } else if (conn.isDone()) {
            close(key);
        } else {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    // A connection silent for the idle timeout is closed; one that stopped mid-request is told 408 first.
    private void expireIdle() {
        long now = System.nanoTime();
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof EventLoopConnection conn && conn.isIdle(now)) {
                try {
                    if (conn.timeOut()) {
                        onWritable(key, conn);
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
        return "event-loop";
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        stopped = true;
        selector.wakeup();
        loop.interrupt(); // in case it is sleeping in its work
        BlockingServer.join(loop);
    }
}
