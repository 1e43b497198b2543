package loadlab.server;

import java.io.IOException;
import java.net.Socket;

/**
 * The baseline: one thread accepts a connection, serves it to the end, and only then accepts the
 * next. While one client is being served, or is slow, every other client waits in the kernel's
 * accept queue.
 */
public final class SingleThreadedServer extends BlockingServer {

    private SingleThreadedServer(ServerConfig config) throws IOException {
        super("single-threaded", config);
    }

    public static SingleThreadedServer start(ServerConfig config) throws IOException {
        return new SingleThreadedServer(config).start();
    }

    @Override
    protected void dispatch(Socket socket) {
        serve(socket); // on the acceptor thread itself: nothing else happens meanwhile
    }
}
