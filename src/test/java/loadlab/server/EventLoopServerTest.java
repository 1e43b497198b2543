package loadlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import loadlab.http.HttpResponse;
import loadlab.http.ResponseParser;
import org.junit.jupiter.api.Test;

class EventLoopServerTest {

    // Six pipelined requests of ~1 MB make six echoes of ~1 MB, more than the kernel buffers of the
    // connection hold (a few MiB on loopback), to a client with a small receive window that reads
    // nothing at first, then reads in paced small steps. The loop's writes take only part of a
    // response, and it must keep the rest for later without blocking: meanwhile another client is
    // served. The slow client must get every echo whole.
    @Test
    void keepsServingOthersWhileAClientReadsSlowlyAndEchoesItsLargeBodiesWhole() throws Exception {
        try (EchoServer server = Models.start("event-loop", ServerConfig.defaults());
             Socket slow = new Socket()) {
            slow.setReceiveBufferSize(16 * 1024); // before connecting, so the window stays small
            slow.setSoTimeout(20_000);
            slow.connect(new InetSocketAddress("127.0.0.1", server.port()));
            List<byte[]> requests = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                byte[] body = Requests.allByteValues(1_000_000);
                body[0] = (byte) i;
                requests.add(Requests.post("/large/" + i, body));
            }
            // Sent on another thread: once the server stops reading, the sends block until we read.
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    for (byte[] request : requests) {
                        slow.getOutputStream().write(request);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            Thread.sleep(300); // the loop fills the connection and has to stop writing

            Requests.assertStillAnswers(server);

            var in = new java.io.BufferedInputStream(new SlowInputStream(slow.getInputStream()), 64 * 1024);
            for (byte[] request : requests) {
                HttpResponse response = ResponseParser.read(in);
                Requests.assertEchoes(response, request);
            }
            sent.get(10, TimeUnit.SECONDS);
        }
    }

    /** Reads at most 64 KiB every 2 ms: 6 MB take about 0.2 s. */
    private static final class SlowInputStream extends java.io.FilterInputStream {
        SlowInputStream(java.io.InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
            return super.read(b, off, Math.min(len, 64 * 1024));
        }
    }

    // The point of the event loop: connections cost objects, not threads. Thread-per-connection,
    // measured the same way, shows that the measurement can see a thread per connection.
    @Test
    void fiftyOpenConnectionsAddNoThreads() throws Exception {
        assertThat(threadsAddedByFiftyConnections("event-loop")).isLessThan(5);
        // 50, give or take a handler thread of an earlier connection that is still ending
        assertThat(threadsAddedByFiftyConnections("thread-per-connection")).isGreaterThan(40);
    }

    private static int threadsAddedByFiftyConnections(String model) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        try (EchoServer server = Models.start(model, ServerConfig.defaults())) {
            Requests.assertStillAnswers(server); // the server's own threads are running
            int before = threads.getThreadCount();
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    RawClient client = RawClient.connect(server);
                    clients.add(client);
                    // a full exchange, so that the server has surely taken the connection in
                    Requests.assertEchoes(client.exchange(Requests.get("/" + i)), Requests.get("/" + i));
                }
                return threads.getThreadCount() - before;
            } finally {
                for (RawClient client : clients) {
                    client.close();
                }
            }
        }
    }
}
