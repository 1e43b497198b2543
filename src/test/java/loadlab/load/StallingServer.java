package loadlab.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponses;
import loadlab.http.RequestParser;

/**
 * An echo server that stalls once, as a server does in a long GC pause or a lock convoy: from
 * {@code after} past its first request, for {@code stall}, no response leaves; every request that
 * arrives in that time is answered when the stall ends.
 */
final class StallingServer implements AutoCloseable {

    private final FaultServer server;
    private final AtomicLong firstRequest = new AtomicLong(Long.MIN_VALUE);

    StallingServer(Duration after, Duration stall) throws IOException {
        server = FaultServer.start(socket -> {
            RequestParser parser = FaultServer.parser();
            OutputStream out = socket.getOutputStream();
            HttpRequest request;
            while ((request = FaultServer.readRequest(parser, socket.getInputStream())) != null) {
                long now = System.nanoTime();
                firstRequest.compareAndSet(Long.MIN_VALUE, now);
                long stallStart = firstRequest.get() + after.toNanos();
                long stallEnd = stallStart + stall.toNanos();
                if (now >= stallStart && now < stallEnd) {
                    TimeUnit.NANOSECONDS.sleep(stallEnd - now);
                }
                out.write(HttpResponses.echo(request));
            }
        });
    }

    URI uri() {
        return server.uri();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
