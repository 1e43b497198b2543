package loadlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import loadlab.http.ByteBudget;
import loadlab.http.HttpError;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponses;

/**
 * One event loop: a thread and a NIO {@link Selector} serving many non-blocking connections. A read
 * takes what has arrived, a write puts what fits, and the selector says which socket is ready next.
 * Everything but what to do with a complete request is here: accepting, reading, parsing, writing,
 * and the deadlines. That one thing is the {@link Handler}, and it is what the event-loop models
 * differ in: {@link EventLoopServer} works and answers on the loop, {@link EventLoopOffloadServer}
 * hands the work to a pool and answers through the loop. The multi-reactor exercise runs one
 * reactor per core and hands each accepted connection to one of them.
 *
 * <p>An answer given on another thread is posted to the loop, which writes it: only the loop touches
 * sockets. Until a connection's answer comes, the loop reads nothing more from it, so that answers
 * leave in order. Deadlines are kept in order ({@link Deadlines}): a wake-up costs nothing per idle
 * connection. No throwable raised while serving one connection ends the loop; if the loop dies
 * anyway, it closes its listener and every connection and says so, rather than keep a port that no
 * one serves. The request bodies of its connections share one {@link ByteBudget}.
 */
public final class Reactor implements AutoCloseable {

    /** What a model does with each complete request: answer it here, or later from anywhere ({@link Exchange}). */
    @FunctionalInterface
    public interface Handler {
        void onRequest(Exchange exchange) throws InterruptedException;
    }

    private final String name;
    private final ServerConfig config;
    private final Handler handler;
    private final ByteBudget budget;
    private final Selector selector;
    private final Deadlines deadlines = new Deadlines();
    private final Queue<SocketChannel> arrivals = new ConcurrentLinkedQueue<>();
    private final Queue<Runnable> answers = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024); // one thread: one buffer for all
    private final AcceptBackoff backoff;
    private final RateLimitedLog log;
    private final ResumeAccepting resume = new ResumeAccepting();
    private final Thread loop;
    private volatile boolean stopped;

    /** Starts a loop that gives each complete request to {@code handler}. */
    public Reactor(String name, ServerConfig config, Handler handler) throws IOException {
        this.name = name;
        this.config = config;
        this.handler = handler;
        this.budget = config.newBudget();
        this.backoff = new AcceptBackoff(name);
        this.log = new RateLimitedLog(name);
        this.selector = Selector.open();
        this.loop = Thread.ofPlatform().name(name).start(this::run);
    }

    /** Binds the configured host and port and accepts there (the single-loop models); returns the address bound. */
    public InetSocketAddress listen(ServerConfig on) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            if (on.reusePort()) {
                listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            listener.bind(new InetSocketAddress(on.host(), on.port()), 1024);
            listen(listener);
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            listener.close();
            throw e;
        }
    }

    /** Makes this loop accept on {@code listener} itself; close() closes it. */
    public void listen(ServerSocketChannel listener) throws IOException {
        listener.configureBlocking(false);
        resume.key = listener.register(selector, SelectionKey.OP_ACCEPT);
        selector.wakeup();
    }

    /** Hands this loop a connection accepted elsewhere. Safe from any thread. */
    public void register(SocketChannel channel) {
        arrivals.add(channel);
        selector.wakeup(); // the loop adopts it: only the loop thread touches its connections
    }

    private void run() {
        try {
            while (!stopped) {
                selector.select(deadlines.millisUntilNext(System.nanoTime()));
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
                deadlines.expire(System.nanoTime(), this::onDeadline);
            }
        } catch (Throwable e) { // the selector failed, or worse: no connection can be served any more
            System.err.println(name + ": the event loop died (" + RateLimitedLog.describe(e) + "); closing its listener"
                    + " and connections, so that clients are refused instead of left waiting");
        } finally {
            closeEverything();
        }
    }

    // No throwable from one connection ends the loop: it closes that connection.
    private void handle(SelectionKey key) {
        try {
            if (key.channel() instanceof ServerSocketChannel listener) {
                accept(key, listener);
                return;
            }
            EventLoopConnection conn = (EventLoopConnection) key.attachment();
            if (key.isReadable()) {
                readBuffer.clear();
                if (!conn.read(readBuffer)) {
                    close(key);
                    return;
                }
                serveRequests(key, conn);
            } else if (key.isWritable()) {
                onWritable(key, conn);
            }
            if (key.isValid()) {
                deadlines.update(conn);
            }
        } catch (InterruptedException e) {
            stopped = true; // close() interrupts a loop that is sleeping in its work
        } catch (IOException e) {
            close(key); // this client failed (reset, broken pipe); the others go on
        } catch (RejectedExecutionException closing) {
            close(key); // the handler's workers are shut down: the server is closing
        } catch (Throwable e) {
            close(key); // out of memory, or a bug: this connection ends, the loop goes on
            log.log("a connection failed: " + RateLimitedLog.describe(e) + "; closed it, serving the others");
        }
    }

    // Out of descriptors (or memory): stop accepting for the back-off; the connection waits in the kernel's queue.
    private void accept(SelectionKey key, ServerSocketChannel listener) {
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (Throwable e) {
                if (listener.isOpen()) {
                    key.interestOps(0);
                    resume.at = System.nanoTime() + backoff.failed(e) * 1_000_000L;
                    deadlines.update(resume);
                }
                return;
            }
            if (channel == null) {
                return;
            }
            backoff.succeeded();
            adopt(channel);
        }
    }

    private void adopt(SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (config.sendBuffer() > 0) {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, config.sendBuffer());
            }
            EventLoopConnection conn = new EventLoopConnection(channel, config.limits(), budget);
            conn.key = channel.register(selector, SelectionKey.OP_READ, conn);
            deadlines.update(conn);
        } catch (Throwable e) {
            log.log("could not take a connection in: " + RateLimitedLog.describe(e));
            closeQuietly(channel);
        }
    }

    // Gives the complete requests that have arrived to the handler; then writes what is ready.
    private void serveRequests(SelectionKey key, EventLoopConnection conn) throws IOException, InterruptedException {
        try {
            for (HttpRequest request = conn.nextRequest(); request != null; request = conn.nextRequest()) {
                Exchange exchange = new Exchange(this, conn, request);
                handler.onRequest(exchange);
                if (!exchange.answeredOnLoop()) {
                    conn.startWork(); // answered elsewhere: wait for it, so that answers leave in order
                }
            }
        } catch (HttpError e) {
            conn.fail(HttpResponses.error(e));
        }
        onWritable(key, conn);
    }

    /** Whether the caller is this loop's own thread. */
    boolean onLoop() {
        return Thread.currentThread() == loop;
    }

    /** From any thread: the answer to a request that was out, for the loop to write. */
    void answerLater(EventLoopConnection conn, HttpRequest request) {
        answers.add(() -> answered(conn, request));
        selector.wakeup();
    }

    private void answered(EventLoopConnection conn, HttpRequest request) {
        SelectionKey key = conn.key;
        if (!key.isValid()) {
            return; // closed meanwhile (idle, reset, server closing)
        }
        try {
            conn.finishWork(request);
            serveRequests(key, conn); // a request that arrived behind this one, already buffered
            if (key.isValid()) {
                deadlines.update(conn);
            }
        } catch (InterruptedException e) {
            stopped = true;
        } catch (Throwable e) {
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

    // A connection whose deadline passed is closed; one that stopped mid-request is told 408 first.
    private void onDeadline(Deadlines.Timed due) {
        if (due == resume) {
            resume.accepting();
            return;
        }
        EventLoopConnection conn = (EventLoopConnection) due;
        SelectionKey key = conn.key;
        try {
            if (conn.timeOut(System.nanoTime())) {
                onWritable(key, conn);
                if (key.isValid()) {
                    deadlines.update(conn);
                }
            } else {
                close(key);
            }
        } catch (Throwable e) {
            close(key);
        }
    }

    private void close(SelectionKey key) {
        key.cancel();
        closeQuietly(key.channel());
        if (key.attachment() instanceof EventLoopConnection conn) {
            conn.closed();
            deadlines.remove(conn);
        }
    }

    private void closeEverything() {
        try {
            for (SelectionKey key : selector.keys()) {
                close(key); // the listener too
            }
        } catch (RuntimeException broken) { // a selector that failed may not list its keys
            System.err.println(name + ": could not close every connection: " + RateLimitedLog.describe(broken));
        }
        arrivals.forEach(Reactor::closeQuietly);
        closeQuietly(selector);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing something that already failed
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

    /** The listener's place in the deadlines while accepting is backed off. */
    private static final class ResumeAccepting extends Deadlines.Timed {
        volatile SelectionKey key;
        long at = Deadlines.NEVER;

        @Override
        long deadline() {
            return at;
        }

        void accepting() {
            at = Deadlines.NEVER;
            if (key != null && key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        }
    }
}
