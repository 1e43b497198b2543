package loadlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;
import loadlab.http.HttpError;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponses;
import loadlab.http.RequestParser;

/**
 * One thread and one NIO {@link Selector} serve every connection. Sockets are non-blocking: a read
 * takes what has arrived, a write puts what fits, and the selector says which socket is ready next.
 * No thread per connection, so ten thousand idle clients cost ten thousand small objects.
 *
 * <p>The rule of the event loop: never block it. The {@link Work} here runs on the loop thread, so a
 * {@code sleep:10ms} stalls every connection for 10 ms; the experiments show what that costs.
 */
public final class EventLoopServer implements EchoServer {

    /** The state of one connection between events. */
    private static final class Connection {
        final RequestParser parser;
        final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
        long lastActivity = System.nanoTime();
        boolean closeWhenWritten;
        boolean draining; // after an error: discard what the client still sends until it closes

        Connection(ServerConfig config) {
            parser = new RequestParser(config.limits());
        }
    }

    private final ServerConfig config;
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final InetSocketAddress address;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final Thread loop;
    private volatile boolean stopped;

    private EventLoopServer(ServerConfig config) throws IOException {
        this.config = config;
        this.selector = Selector.open();
        this.listener = ServerSocketChannel.open();
        if (config.reusePort()) {
            listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        listener.bind(new InetSocketAddress(config.host(), config.port()), 1024);
        address = (InetSocketAddress) listener.getLocalAddress();
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        loop = Thread.ofPlatform().name("event-loop").start(this::run);
    }

    public static EventLoopServer start(ServerConfig config) throws IOException {
        return new EventLoopServer(config);
    }

    private void run() {
        try (selector; listener) {
            while (!stopped) {
                selector.select(250); // wakes at least four times a second to expire idle connections
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    try {
                        if (key.isValid() && key.isAcceptable()) {
                            accept();
                        }
                        if (key.isValid() && key.isReadable()) {
                            read(key);
                        }
                        if (key.isValid() && key.isWritable()) {
                            write(key);
                        }
                    } catch (IOException e) {
                        close(key); // this client failed (reset, broken pipe); the others go on
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        stopped = true;
                    }
                }
                expireIdle();
            }
            for (SelectionKey key : selector.keys()) {
                close(key);
            }
        } catch (IOException e) {
            System.err.println("event-loop: selector failed: " + e.getMessage());
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = listener.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.register(selector, SelectionKey.OP_READ, new Connection(config));
        }
    }

    private void read(SelectionKey key) throws IOException, InterruptedException {
        SocketChannel channel = (SocketChannel) key.channel();
        Connection conn = (Connection) key.attachment();
        readBuffer.clear();
        int n = channel.read(readBuffer);
        if (n < 0) {
            close(key); // the client closed
            return;
        }
        conn.lastActivity = System.nanoTime();
        if (conn.draining) {
            return;
        }
        readBuffer.flip();
        conn.parser.feed(readBuffer);
        try {
            HttpRequest request;
            while (!conn.closeWhenWritten && (request = conn.parser.next()) != null) {
                config.work().apply(); // blocks the loop, and so every connection, for its duration
                conn.pending.add(ByteBuffer.wrap(HttpResponses.echo(request)));
                conn.closeWhenWritten = !request.keepAlive();
            }
        } catch (HttpError e) {
            conn.pending.add(ByteBuffer.wrap(HttpResponses.error(e)));
            conn.closeWhenWritten = true;
            conn.draining = true;
        }
        write(key);
    }

    // Writes what the socket takes now. Until the rest is out, watch for writability and stop
    // reading, so that a client that sends but never reads can't make us buffer without end.
    private void write(SelectionKey key) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        Connection conn = (Connection) key.attachment();
        while (!conn.pending.isEmpty()) {
            ByteBuffer head = conn.pending.peek();
            channel.write(head);
            if (head.hasRemaining()) {
                key.interestOps(SelectionKey.OP_WRITE);
                return;
            }
            conn.pending.poll();
        }
        if (conn.draining) {
            channel.shutdownOutput(); // FIN now; close when the client closes or the idle timer fires
            key.interestOps(SelectionKey.OP_READ);
        } else if (conn.closeWhenWritten) {
            close(key);
        } else {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void expireIdle() {
        long now = System.nanoTime();
        long idleNanos = config.limits().idleTimeout().toNanos();
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection conn && now - conn.lastActivity > idleNanos) {
                if (conn.parser.isMidRequest() && !conn.draining && conn.pending.isEmpty()) {
                    conn.pending.add(ByteBuffer.wrap(HttpResponses.error(408, "no complete request within "
                            + config.limits().idleTimeout())));
                    conn.draining = true;
                    conn.closeWhenWritten = true;
                    conn.lastActivity = now;
                    try {
                        write(key);
                    } catch (IOException e) {
                        close(key);
                    }
                } else {
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
