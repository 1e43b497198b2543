package loadlab.exercises;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import loadlab.http.HttpError;
import loadlab.http.HttpRequest;
import loadlab.http.RequestParser;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Would exercise 6's grading notice a server that times out each read and nothing more? It must:
 * that is the defence a slowloris walks through, one byte before each timeout. The mutant is
 * {@link HeadDeadlineServer} with {@code readRequest} alone replaced by a read loop with
 * {@code SO_TIMEOUT} set to the head timeout, and {@link HeadDeadlineGradingTest}'s slowloris case
 * must fail on it, saying why.
 */
class HeadDeadlineMutantTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aTimeoutPerReadAloneFailsTheSlowlorisCaseWithTheReason() throws Exception {
        Slowloris.Outcome outcome;
        try (PerReadTimeoutServer server = PerReadTimeoutServer.started(HeadDeadlineGradingTest.config())) {
            outcome = Slowloris.attack(server, HeadDeadlineGradingTest.HEAD_TIMEOUT);
        }
        System.out.println("per-read timeout under slowloris: " + outcome);
        assertThatThrownBy(outcome::assertDefended).isInstanceOf(AssertionError.class).hasMessageContaining(Slowloris.WHY)
                .satisfies(e -> System.out.println("per-read timeout, slowloris: " + e.getMessage()));
    }

    /** Exercise 6 done the tempting way: a timeout on each read, no deadline for the whole. */
    static final class PerReadTimeoutServer extends HeadDeadlineServer {

        private PerReadTimeoutServer(ServerConfig config) throws IOException {
            super("per-read-timeout (mutant)", config);
        }

        static PerReadTimeoutServer started(ServerConfig config) throws IOException {
            return new PerReadTimeoutServer(config).start();
        }

        @Override
        HttpRequest readRequest(Socket socket, InputStream in, RequestParser parser) throws IOException, HttpError {
            socket.setSoTimeout((int) config.limits().headTimeout().toMillis()); // the mutation: per read, not for the whole
            byte[] chunk = new byte[16 * 1024];
            HttpRequest request;
            while ((request = parser.next()) == null) {
                int n;
                try {
                    n = in.read(chunk);
                } catch (SocketTimeoutException timeout) {
                    if (!parser.isMidRequest()) {
                        return null;
                    }
                    throw cutOff(parser.phase());
                }
                if (n < 0) {
                    return null;
                }
                parser.feed(chunk, 0, n);
            }
            return request;
        }
    }
}
