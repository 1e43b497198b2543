package loadlab.exercises;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import loadlab.server.EchoServer;
import loadlab.server.Reactor;
import loadlab.server.ServerConfig;

/**
 * Exercise 3: one acceptor and one event loop per core.
 *
 * <p>The event-loop model serves every connection on one thread, so it uses one core however many
 * the machine has. Netty, nginx and Node's cluster mode run one loop per core instead. Here one
 * acceptor thread blocks in {@code accept()} and hands each new connection to the next of N
 * {@link Reactor}s, round-robin; each reactor then serves its connections alone, so no lock is
 * shared on the request path.
 */
public final class MultiReactorServer implements EchoServer {

    private final ServerSocketChannel listener;
    private final InetSocketAddress address;
    private final List<Reactor> reactors;
    private final Thread acceptor;
    private volatile boolean stopped;

    private MultiReactorServer(ServerConfig config) throws IOException {
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(config.host(), config.port()), 1024);
        address = (InetSocketAddress) listener.getLocalAddress();
        try {
            reactors = startReactors(config);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        acceptor = Thread.ofPlatform().name("multi-reactor-acceptor").start(this::acceptLoop);
    }

    public static MultiReactorServer start(ServerConfig config) throws IOException {
        return new MultiReactorServer(config);
    }

    /** One reactor per worker; {@code config.workers()} is the core count unless set. */
    private static List<Reactor> startReactors(ServerConfig config) throws IOException {
        // BEGIN SOLUTION Exercise 3: start config.workers() Reactors (new Reactor("reactor-" + i, config, onRequest), where onRequest does config.work() and then exchange.answer(), on the loop, as EventLoopServer's does) and return them
        Reactor.Handler onRequest = exchange -> {
            config.work().apply();
            exchange.answer();
        };
        List<Reactor> started = new ArrayList<>();
        for (int i = 0; i < config.workers(); i++) {
            started.add(new Reactor("reactor-" + i, config, onRequest));
        }
        return started;
        // END SOLUTION
    }

    private void acceptLoop() {
        // BEGIN SOLUTION Exercise 3: until stopped, accept a connection (listener.accept() blocks) and register it with the next reactor, round-robin; a ClosedChannelException means close() was called
        int next = 0;
        while (!stopped) {
            try {
                SocketChannel channel = listener.accept();
                reactors.get(next).register(channel);
                next = (next + 1) % reactors.size();
            } catch (ClosedChannelException closing) {
                return;
            } catch (IOException e) {
                System.err.println("multi-reactor: accept failed: " + e.getMessage());
            }
        }
        // END SOLUTION
    }

    @Override
    public String model() {
        return "multi-reactor";
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        stopped = true;
        try {
            listener.close(); // unblocks accept()
        } catch (IOException ignored) {
            // already closed
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reactors.forEach(Reactor::close);
    }
}
