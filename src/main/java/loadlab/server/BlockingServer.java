package loadlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every blocking model shares: a listening socket, one acceptor thread, the set of live
 * connections, and a stop that closes them all. A model says only what happens to each accepted
 * connection, in {@link #dispatch(Socket)}: that is its concurrency strategy.
 */
public abstract class BlockingServer implements EchoServer {

    protected final ServerConfig config;
    private final String model;
    private final ServerSocket listener;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean stopped;

    @SuppressWarnings("this-escape") // the acceptor gets `this`, but starts only in start(), once the model is built
    protected BlockingServer(String model, ServerConfig config) throws IOException {
        this.model = model;
        this.config = config;
        this.listener = new ServerSocket();
        if (config.reusePort()) {
            listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        listener.bind(new InetSocketAddress(config.host(), config.port()), 1024);
        this.acceptor = Thread.ofPlatform().name(model + "-acceptor").unstarted(this::acceptLoop);
    }

    /** Starts accepting. Called by each model's factory once the model is fully built. */
    protected final <T extends BlockingServer> T start() {
        acceptor.start();
        @SuppressWarnings("unchecked") T self = (T) this;
        return self;
    }

    private void acceptLoop() {
        while (!stopped) {
            try {
                Socket socket = listener.accept();
                live.add(socket);
                if (stopped) { // close() may have swept the live connections before this one joined them
                    forget(socket);
                    socket.close();
                    break;
                }
                dispatch(socket);
            } catch (SocketException e) {
                if (!stopped) {
                    System.err.println(model + ": accept failed: " + e.getMessage());
                }
            } catch (IOException e) {
                System.err.println(model + ": accept failed: " + e.getMessage());
            }
        }
    }

    /** Handles one accepted connection; must end by calling {@link #serve(Socket)} on some thread. */
    protected abstract void dispatch(Socket socket);

    /** The request loop of {@link EchoHandler}, and the bookkeeping that lets close() find the socket. */
    protected final void serve(Socket socket) {
        try {
            EchoHandler.serve(socket, config.work(), config.limits());
        } finally {
            live.remove(socket);
        }
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
