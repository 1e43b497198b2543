package loadlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * One thread and one NIO selector serve every connection: a single {@link Reactor}, which also
 * accepts. Sockets are non-blocking: a read takes what has arrived, a write puts what fits, and the
 * selector says which socket is ready next. No thread per connection: ten thousand idle clients cost
 * ten thousand small {@link EventLoopConnection} objects.
 *
 * <p>The strategy is the one method below: work and answer on the loop thread. That breaks the rule
 * of the event loop, never block it: a {@code sleep:10ms} of {@link Work} stalls every connection
 * for 10 ms, and the experiments show what that costs. {@link EventLoopOffloadServer} keeps the rule.
 */
public final class EventLoopServer implements EchoServer {

    private final Work work;
    private final Reactor reactor;
    private final InetSocketAddress address;

    private EventLoopServer(ServerConfig config) throws IOException {
        work = config.work();
        reactor = new Reactor("event-loop", config, this::onRequest);
        try {
            address = reactor.listen(config);
        } catch (IOException e) {
            reactor.close();
            throw e;
        }
    }

    public static EventLoopServer start(ServerConfig config) throws IOException {
        return new EventLoopServer(config);
    }

    /** On the loop thread: every other connection waits while this one's work is done. */
    private void onRequest(Exchange exchange) throws InterruptedException {
        work.apply();
        exchange.answer();
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
