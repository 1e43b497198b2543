package loadlab.server;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import loadlab.http.HttpError;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponses;

/**
 * One event loop: a thread and a NIO {@link Selector} serving many non-blocking connections. A read
 * takes what has arrived, a write puts what fits, and the selector says which socket is ready next.
 * The event-loop model is one reactor that also accepts; the multi-reactor exercise runs one per core
 * and hands each accepted connection to one of them.
 *
 * <p>The rule of the event loop: never block it. Without workers, {@link Work} runs on the loop
 * thread, so a {@code sleep:10ms} stalls every connection of this loop for 10 ms. With workers, the
 * loop hands each request's work to them, stops reading that connection until the answer comes
 * back (so that answers leave in order), and a worker posts the answer back through a queue and a
 * wakeup: only the loop touches sockets.
 */
public final class Reactor implements AutoCloseable {

    private final ServerConfig config;
    private final Selector selector;
    private final Executor workers; // null: the work runs on the loop itself
    private final Queue<SocketChannel> arrivals = new ConcurrentLinkedQueue<>();
    private final Queue<Runnable> answers = new ConcurrentLinkedQueue<>(); // from the workers, run on the loop
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024); // one thread: one buffer for all
    private final Thread loop;
    private volatile boolean stopped;

    /** A loop that does each request's work itself. */
    public Reactor(String name, ServerConfig config) throws IOException {
        this(name, config, null);
    }

    /** A loop that hands each request's work to {@code workers}; whoever made them shuts them down. */
    public Reactor(String name, ServerConfig config, Executor workers) throws IOException {
        this.config = config;
        this.workers = workers;
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
        selector.wakeup(); // the loop adopts it: only the loop thread touches its connections
    }

    private void run() {
        try (selector) {
            while (!stopped) {
                selector.select(100); // wakes at least ten times a second to expire idle connections
                for (SocketChannel arrived = arrivals.poll(); arrived != null; arrived = arrivals.poll()) {
                    adopt(arrived);
                }
                for (Runnable answer = answers.poll(); answer != null; answer = answers.poll()) {
                    answer.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
                expireIdle();
            }
            selector.keys().forEach(Reactor::close);
            for (SocketChannel orphan : arrivals) {
                orphan.close();
            }
        } catch (IOException e) {
            System.err.println(loop.getName() + ": selector failed: " + e.getMessage());
        }
    }

    private void handle(SelectionKey key) {
        try {
            if (key.isValid() && key.isAcceptable()) {
                accept((ServerSocketChannel) key.channel());
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
            channel.register(selector, SelectionKey.OP_READ, new EventLoopConnection(channel, config.limits()));
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // it failed already
            }
        }
    }

    private void onReadable(SelectionKey key, EventLoopConnection conn) throws IOException, InterruptedException {
        readBuffer.clear();
        if (!conn.read(readBuffer)) {
            close(key);
            return;
        }
        serveRequests(key, conn);
    }

    // Answers the complete requests that have arrived, or hands the first to a worker; then writes.
    private void serveRequests(SelectionKey key, EventLoopConnection conn) throws IOException, InterruptedException {
        try {
            for (HttpRequest request = conn.nextRequest(); request != null; request = conn.nextRequest()) {
                if (workers == null) {
                    config.work().apply(); // on the loop thread: every other connection waits meanwhile
                    conn.respond(HttpResponses.echo(request), !request.keepAlive());
                } else {
                    conn.startWork();
                    HttpRequest handedOff = request;
                    workers.execute(() -> work(key, conn, handedOff));
                }
            }
        } catch (HttpError e) {
            conn.fail(HttpResponses.error(e));
        } catch (RejectedExecutionException closing) {
            close(key); // the workers are shut down: the server is closing
            return;
        }
        onWritable(key, conn);
    }

    // On a worker: the blocking part, off the loop. The answer goes back to the loop thread.
    private void work(SelectionKey key, EventLoopConnection conn, HttpRequest request) {
        try {
            config.work().apply();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing: the answer is not needed
            return;
        }
        byte[] response = HttpResponses.echo(request);
        answers.add(() -> answered(key, conn, response, !request.keepAlive()));
        selector.wakeup();
    }

    private void answered(SelectionKey key, EventLoopConnection conn, byte[] response, boolean close) {
        if (!key.isValid()) {
            return; // closed meanwhile (idle, reset, server closing)
        }
        conn.finishWork(response, close);
        try {
            serveRequests(key, conn); // a request that arrived behind this one, already buffered
        } catch (IOException | InterruptedException e) {
            close(key);
        }
    }

    // Writes what the socket takes now. Until the rest is out, wait for writability and stop reading,
    // so that a client that sends but never reads can't make us buffer without end.
    private void onWritable(SelectionKey key, EventLoopConnection conn) throws IOException {
        if (!conn.flush()) {
            key.interestOps(SelectionKey.OP_WRITE);
        } else if (conn.isDone()) {
            close(key);
        } else {
            key.interestOps(conn.isAtWork() ? 0 : SelectionKey.OP_READ);
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

    /** Stops the loop and closes every connection it serves (and a listener it accepts on). */
    @Override
    public void close() {
        stopped = true;
        selector.wakeup();
        loop.interrupt(); // in case it is sleeping in its work
        BlockingServer.join(loop);
    }
}
