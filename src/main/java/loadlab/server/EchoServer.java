package loadlab.server;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A running server model. Every model has this one lifecycle: it is listening when its factory
 * returns, reports the port it bound, and {@link #close()} stops accepting, closes live connections
 * and ends every thread and child process it made.
 */
public interface EchoServer extends AutoCloseable {

    /** The model's name, as in {@link Models}. */
    String model();

    InetSocketAddress address();

    default int port() {
        return address().getPort();
    }

    default URI uri() {
        String host = address().getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    @Override
    void close();
}
