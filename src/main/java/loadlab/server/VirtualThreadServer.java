package loadlab.server;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A virtual thread for every connection (Java 21, JEP 444). The code is the same blocking code as
 * thread-per-connection, but a virtual thread that blocks on a socket or a sleep gives its carrier
 * thread back to the JDK's scheduler, so a million of them cost about as much as a million objects.
 * Blocking code at event-loop scale.
 */
public final class VirtualThreadServer extends BlockingServer {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private VirtualThreadServer(ServerConfig config) throws IOException {
        super("virtual-threads", config);
        Sockets.startVirtualThreadPoller(); // its connections' I/O runs on virtual threads, which need the poller even out of descriptors
    }

    public static VirtualThreadServer start(ServerConfig config) throws IOException {
        return new VirtualThreadServer(config).start();
    }

    @Override
    protected void dispatch(Socket socket) {
        executor.execute(() -> serve(socket));
    }

    @Override
    protected void stopWorkers() {
        executor.shutdownNow(); // interrupts the ones sleeping in their work
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                System.err.println("virtual-threads: handlers did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
