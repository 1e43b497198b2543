package loadlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What SO_REUSEPORT balances, and what it does not (scenario 8 of issue 10, kept as a lesson). Each
 * prefork worker has its own accept queue, and Linux puts a new connection in one of them by a hash
 * of its addresses and ports, blind to which worker is busy. One client holds a worker with a
 * keep-alive connection; of 20 new connections, about half land in that worker's queue and wait
 * there while the other worker, idle, serves the rest. Were the workers sharing one queue, all 20
 * would be served at once.
 *
 * <p><b>Prediction:</b> with 2 workers, about half wait: between {@value #FEWEST_WAITING} and
 * {@value #MOST_WAITING} of the 20 (a fair coin per connection leaves that range 4 times in 10,000).
 * Were the workers sharing one queue, none would wait.
 */
class PreforkHashingTest {

    private static final int NEW_CONNECTIONS = 20;
    private static final int PROMPT_MILLIS = 500;
    static final int FEWEST_WAITING = 3;
    static final int MOST_WAITING = NEW_CONNECTIONS - FEWEST_WAITING;

    @Test
    void aWorkerHeldByOneClientLeavesTheConnectionsHashedToItWaitingWhileTheOtherServes() throws Exception {
        try (EchoServer prefork = Models.start("prefork", ServerConfig.defaults().withWorkers(2))) {
            List<Socket> waiting = new ArrayList<>();
            try (RawClient held = RawClient.connect(prefork, 10_000)) {
                Requests.assertEchoes(held.exchange(Requests.get("/held")), Requests.get("/held"));
                // the held connection's worker now waits for its next request, for the idle timeout (10 s)
                List<Socket> fresh = new ArrayList<>();
                for (int i = 0; i < NEW_CONNECTIONS; i++) {
                    Socket socket = HostileClients.connect(prefork.port(), 10_000);
                    fresh.add(socket);
                    socket.getOutputStream().write(HostileClients.ascii(
                            "GET /new/" + i + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
                }
                Thread.sleep(PROMPT_MILLIS); // the idle worker serves its share in well under this
                int promptly = 0;
                for (Socket socket : fresh) {
                    if (answeredAlready(socket)) {
                        promptly++;
                        socket.close();
                    } else {
                        waiting.add(socket);
                    }
                }
                System.out.printf("prefork, 2 workers, one held: %d of %d new connections served within %d ms%n",
                        promptly, NEW_CONNECTIONS, PROMPT_MILLIS);
                assertThat(waiting).as("left waiting behind the held worker, although the other was idle: about half")
                        .hasSizeBetween(FEWEST_WAITING, MOST_WAITING);
            }
            // The held connection is closed: its worker serves the ones that waited.
            for (Socket socket : waiting) {
                try (socket) {
                    socket.setSoTimeout(10_000);
                    assertThat(HostileClients.read(socket).status()).isEqualTo(200);
                }
            }
        }
    }

    private static boolean answeredAlready(Socket socket) throws IOException {
        socket.setSoTimeout(50);
        try {
            return HostileClients.read(socket).status() == 200;
        } catch (java.net.SocketTimeoutException stillWaiting) {
            return false;
        }
    }
}
