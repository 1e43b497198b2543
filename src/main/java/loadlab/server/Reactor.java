package loadlab.server;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import loadlab.http.HttpError;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponses;
import loadlab.http.RequestParser;

/**
 * One event loop: a thread and a NIO {@link Selector} serving many non-blocking connections. A read
 * takes what has arrived, a write puts what fits, and the selector says which socket is ready next.
 * The event-loop model is one reactor that also accepts; the multi-reactor exercise runs one per core
 * and hands each accepted connection to one of them.
 *
 * <p>The rule of the event loop: never block it. {@link Work} runs on the loop thread, so a
 * {@code sleep:10ms} stalls every connection of this loop for 10 ms.
 */
public final class Reactor implements AutoCloseable {

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
    private final Queue<SocketChannel> arrivals = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final Thread loop;
    private volatile boolean stopped;

    public Reactor(String name, ServerConfig config) throws IOException {
        this.config = config;
        this.selector = Selector.open();
        this.loop = Thread.ofPlatform().name(name).start(this::run);
    }

    /** Makes this loop accept on {@code listener} itself (the single event-loop model). */
    public void listen(ServerSocketChannel listener) throws IOException {
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        selector.wakeup();
    }

    /** Hands this loop a connection accepted elsewhere. Safe from any thread. */
    public void register(SocketChannel channel) {
        arrivals.add(channel);
        selector.wakeup(); // the loop registers it: only the loop thread touches its selector's keys
    }

    private void run() {
        try (selector) {
            while (!stopped) {
                selector.select(250); // wakes at least four times a second to expire idle connections
                SocketChannel arrived;
                while ((arrived = arrivals.poll()) != null) {
                    adopt(arrived);
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    try {
                        if (key.isValid() && key.isAcceptable()) {
                            accept((ServerSocketChannel) key.channel());
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
                        stopped = true; // close() interrupts a loop sleeping in its work
                    }
                }
                expireIdle();
            }
            for (SelectionKey key : selector.keys()) {
                close(key);
            }
            for (SocketChannel channel : arrivals) {
                channel.close();
            }
        } catch (IOException e) {
            System.err.println(loop.getName() + ": selector failed: " + e.getMessage());
        }
    }

    private void accept(ServerSocketChannel listener) throws IOException {
        SocketChannel channel;
        while ((channel = listener.accept()) != null) {
            adopt(channel);
        }
    }

    private void adopt(SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.register(selector, SelectionKey.OP_READ, new Connection(config));
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // it failed already
            }
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

    /** Stops the loop and closes every connection it serves. */
    @Override
    public void close() {
        stopped = true;
        selector.wakeup();
        loop.interrupt(); // in case it is sleeping in its work
        BlockingServer.join(loop);
    }
}
