package loadlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

/**
 * One thread and one NIO selector serve every connection: a single {@link Reactor} that also
 * accepts. Sockets are non-blocking: a read takes what has arrived, a write puts what fits, and the
 * selector says which socket is ready next. No thread per connection: ten thousand idle clients cost
 * ten thousand small {@link EventLoopConnection} objects.
 *
 * <p>The rule of the event loop: never block it. The {@link Work} here runs on the loop thread, so a
 * {@code sleep:10ms} stalls every connection for 10 ms; the experiments show what that costs.
 */
public final class EventLoopServer implements EchoServer {

    private final ServerSocketChannel listener = ServerSocketChannel.open();
    private final InetSocketAddress address;
    private final Reactor reactor;

    private EventLoopServer(ServerConfig config) throws IOException {
        try {
            if (config.reusePort()) {
                listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            listener.bind(new InetSocketAddress(config.host(), config.port()), 1024);
            address = (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        reactor = new Reactor("event-loop", config);
        try {
            reactor.listen(listener);
        } catch (IOException e) {
            reactor.close();
            listener.close();
            throw e;
        }
    }

    public static EventLoopServer start(ServerConfig config) throws IOException {
        return new EventLoopServer(config);
    }

    @Override
    public String model() {
        return "event-loop";
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        reactor.close(); // closes the listener with every other channel of the loop
    }
}
