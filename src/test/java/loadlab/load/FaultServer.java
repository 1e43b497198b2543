package loadlab.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import loadlab.http.HttpError;
import loadlab.http.HttpLimits;
import loadlab.http.HttpRequest;
import loadlab.http.RequestParser;

/**
 * A tiny server for the tests that does one thing wrong (or strangely) on every connection. It
 * binds 127.0.0.1 port 0, serves each connection on a virtual thread, and close() ends them all.
 */
final class FaultServer implements AutoCloseable {

    /** What happens on each accepted connection. */
    @FunctionalInterface
    interface Behaviour {
        void serve(Socket socket) throws IOException, InterruptedException;
    }

    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private FaultServer(Behaviour behaviour) throws IOException {
        listener = new ServerSocket();
        // The servers' backlog: 257 users connecting at once overflowed 128 on a busy machine, and the
        // kernel's dropped SYNs became connect timeouts in tests about other faults.
        listener.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
        acceptor = Thread.ofPlatform().name("fault-server-acceptor").start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    live.add(socket);
                    threads.execute(() -> {
                        try (socket) {
                            socket.setSoTimeout(30_000); // a bound on every read, as the charter asks
                            behaviour.serve(socket);
                        } catch (IOException ignored) {
                            // the client went away or close() closed the socket: the fault is served
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            live.remove(socket);
                        }
                    });
                } catch (IOException ignored) {
                    // the listener was closed: stop accepting
                }
            }
        });
    }

    static FaultServer start(Behaviour behaviour) throws IOException {
        return new FaultServer(behaviour);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
    }

    /** Reads one complete request from the socket, or null if the client closed first. */
    static HttpRequest readRequest(RequestParser parser, InputStream in) throws IOException {
        byte[] chunk = new byte[4096];
        try {
            HttpRequest request;
            while ((request = parser.next()) == null) {
                int n = in.read(chunk);
                if (n < 0) {
                    return null;
                }
                parser.feed(chunk, 0, n);
            }
            return request;
        } catch (HttpError e) {
            throw new IOException("the generator sent a bad request: " + e.getMessage(), e);
        }
    }

    static RequestParser parser() {
        return new RequestParser(HttpLimits.defaults());
    }

    @Override
    public void close() throws IOException {
        listener.close();
        boolean interrupted = false;
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            interrupted = true; // finish closing first: a socket left open would hold its thread
        }
        for (Socket s : live) {
            s.close();
        }
        threads.shutdownNow();
        try {
            if (!interrupted && !threads.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("fault server threads did not stop");
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
