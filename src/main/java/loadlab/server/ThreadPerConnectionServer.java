package loadlab.server;

import java.io.IOException;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A new platform thread for every accepted connection. Simple, and concurrent, but nothing bounds
 * the number of threads: each costs a stack and a kernel thread, and ten thousand clients make ten
 * thousand threads. The seed's multi-thread server worked this way.
 */
public final class ThreadPerConnectionServer extends BlockingServer {

    private final Set<Thread> handlers = ConcurrentHashMap.newKeySet();

    private ThreadPerConnectionServer(ServerConfig config) throws IOException {
        super("thread-per-connection", config);
    }

    public static ThreadPerConnectionServer start(ServerConfig config) throws IOException {
        return new ThreadPerConnectionServer(config).start();
    }

    @Override
    protected void dispatch(Socket socket) {
        Thread handler = Thread.ofPlatform().name("connection-" + socket.getPort()).unstarted(() -> {
            try {
                serve(socket);
            } finally {
                handlers.remove(Thread.currentThread());
            }
        });
        handlers.add(handler);
        try {
            handler.start();
        } catch (Throwable e) { // no thread to be had: the acceptor refuses the connection with 503
            handlers.remove(handler);
            throw e;
        }
    }

    @Override
    protected void stopWorkers() {
        for (Thread handler : handlers) {
            handler.interrupt(); // wakes one sleeping in its work
            join(handler);
        }
    }
}
