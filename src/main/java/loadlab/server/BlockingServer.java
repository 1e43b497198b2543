package loadlab.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import loadlab.http.ByteBudget;

/**
 * What every blocking model shares: a listening socket, one acceptor thread, the set of live
 * connections, and a stop that closes them all. A model says only what happens to each accepted
 * connection, in {@link #dispatch(Socket)}: that is its concurrency strategy.
 *
 * <p>The acceptor survives what the machine runs out of ({@link AcceptBackoff}), and every
 * connection's writes have a deadline ({@link WriteDeadlines}); the requests' bodies of all
 * connections share one {@link ByteBudget}.
 */
public abstract class BlockingServer implements EchoServer {

    protected final ServerConfig config;
    private final String model;
    private final ServerSocket listener;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private final ByteBudget budget;
    private final WriteDeadlines writeDeadlines;
    private final RateLimitedLog connectionErrors;
    private final Thread acceptor;
    private volatile boolean stopped;

    @SuppressWarnings("this-escape") // the acceptor gets `this`, but starts only in start(), once the model is built
    protected BlockingServer(String model, ServerConfig config) throws IOException {
        this.model = model;
        this.config = config;
        this.listener = new ServerSocket();
        try {
            if (config.reusePort()) {
                listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            listener.bind(new InetSocketAddress(config.host(), config.port()), 1024);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        this.budget = config.newBudget();
        this.writeDeadlines = new WriteDeadlines(model, config.limits().idleTimeout());
        this.connectionErrors = new RateLimitedLog(model);
        this.acceptor = Thread.ofPlatform().name(model + "-acceptor").unstarted(this::acceptLoop);
    }

    /** Starts accepting. Called by each model's factory once the model is fully built. */
    protected final <T extends BlockingServer> T start() {
        acceptor.start();
        @SuppressWarnings("unchecked") T self = (T) this;
        return self;
    }

    // No throwable ends this loop: a failed accept (out of descriptors, buffers, memory) backs off and
    // tries again; a connection that can't be handed on (no thread for it) is refused, and the loop goes on.
    private void acceptLoop() {
        AcceptBackoff backoff = new AcceptBackoff(model);
        while (!stopped) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (Throwable e) {
                if (stopped || (e instanceof SocketException && listener.isClosed())) {
                    break;
                }
                backoff.pause(e);
                continue;
            }
            live.add(socket);
            if (stopped) { // close() may have swept the live connections before this one joined them
                forget(socket);
                Sockets.closeQuietly(socket);
                break;
            }
            backoff.succeeded();
            try {
                if (config.sendBuffer() > 0) {
                    socket.setSendBufferSize(config.sendBuffer());
                }
                dispatch(socket);
            } catch (Throwable e) { // OutOfMemoryError: unable to create native thread, a pool shut down...
                forget(socket); // refused here, at once: each refusal takes a waiting connection, so this can't spin
                Sockets.refuseNow(socket, "server busy: no thread for this connection (" + RateLimitedLog.describe(e) + ")");
                connectionErrors.log("no thread for a connection (" + RateLimitedLog.describe(e) + "); refused it with 503");
            }
        }
    }

    /** Handles one accepted connection; must end by calling {@link #serve(Socket)} on some thread. */
    protected abstract void dispatch(Socket socket);

    /**
     * The request loop of {@link EchoHandler}, and the bookkeeping that lets close() find the socket.
     * Whatever happens to this one connection, even an error, ends it and nothing else.
     */
    protected final void serve(Socket socket) {
        try {
            EchoHandler.serve(socket, config.work(), config.limits(), budget, writeDeadlines);
        } catch (Throwable e) {
            connectionErrors.log("a connection failed: " + RateLimitedLog.describe(e) + "; closed it, serving the others");
            Sockets.closeQuietly(socket);
        } finally {
            live.remove(socket);
        }
    }

    /** The socket's output with a deadline on every write (see {@link WriteDeadlines}); closing it leaves the socket open. */
    protected final OutputStream guard(Socket socket) throws IOException {
        return writeDeadlines.guard(socket);
    }

    /** Forgets a connection that was closed without {@link #serve(Socket)}. */
    protected final void forget(Socket socket) {
        live.remove(socket);
    }

    protected final boolean isStopped() {
        return stopped;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    @Override
    public void close() {
        stopped = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing a listener only fails if it is already closed
        }
        for (Socket socket : live) {
            try {
                socket.close(); // unblocks the thread reading it
            } catch (IOException ignored) {
                // already closed by its handler
            }
        }
        acceptor.interrupt(); // single-threaded serves on the acceptor: wake it from its work
        join(acceptor);
        stopWorkers();
        writeDeadlines.close();
    }

    /** Ends the threads or processes the model made; called after the listener and sockets are closed. */
    protected void stopWorkers() { }

    protected static void join(Thread thread) {
        try {
            thread.join(5_000);
            if (thread.isAlive()) {
                System.err.println("thread " + thread.getName() + " did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return model + " at " + uri();
    }
}
