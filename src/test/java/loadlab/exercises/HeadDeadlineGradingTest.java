package loadlab.exercises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import loadlab.http.HttpResponse;
import loadlab.http.ResponseParser;
import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Grades exercise 6, {@link HeadDeadlineServer}: that a slowloris can't hold its threads, and that
 * slow but honest clients are still served.
 *
 * <p>The server runs with {@value Slowloris#THREADS} threads, a head timeout of 1 s, an idle timeout
 * of 1 s (the body's grace) and a minimum body rate of {@value #MIN_BODY_RATE} bytes a second, so that
 * grading is quick. The attack is {@link Slowloris}: twice as many slow clients as threads, each
 * dripping a head that never ends, one byte every 100 ms, so that a timeout per read never trips;
 * each must be cut at about the head timeout, and fast users served again within a head timeout per
 * wave plus 1 s. A head sent slowly but in time must be served, a body below the minimum rate cut,
 * and a body above it served however long it takes: the body's deadline is a rate, not the head's.
 */
@Graded(6)
class HeadDeadlineGradingTest {

    static final Duration HEAD_TIMEOUT = Duration.ofSeconds(1);
    static final int MIN_BODY_RATE = 1_000;
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    /** The server as graded: short timeouts, and the pool the slowloris is sized for. */
    static ServerConfig config() {
        ServerConfig config = ServerConfig.defaults().withThreads(Slowloris.THREADS).withIdleTimeout(HEAD_TIMEOUT)
                .withHeadTimeout(HEAD_TIMEOUT);
        return config.withLimits(config.limits().withMinBodyRate(MIN_BODY_RATE));
    }

    // Correct HTTP first: a GET and a POST on one keep-alive connection, and bodies of 0, 100 and 64 KiB, byte-exact.
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void echoesRequestsExactlyAndKeepsTheConnectionAlive() throws Exception {
        byte[] get = "GET /grade HTTP/1.1\r\nHost: loadlab\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] post = "POST /grade HTTP/1.1\r\nHost: loadlab\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII);
        try (EchoServer server = Models.start("head-deadline", config());
             Socket socket = new Socket(server.address().getAddress(), server.port())) {
            socket.setSoTimeout(5_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (byte[] request : List.of(get, post)) {
                socket.getOutputStream().write(request);
                HttpResponse response = ResponseParser.read(in);
                assertThat(response.status()).as("status").isEqualTo(200);
                assertThat(response.body()).as("the echo, on one keep-alive connection").isEqualTo(request);
                assertThat(response.header("Connection")).as("Connection").hasValue("keep-alive");
            }
            Echoes.assertEchoes(server, 0);
            Echoes.assertEchoes(server, 100);
            Echoes.assertEchoes(server, 64 * 1024);
        }
    }

    // The attack: slow clients cut at about the head timeout, fast users served again (see Slowloris).
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void slowlorisClientsAreCutAtTheHeadDeadlineAndFastUsersServedAgain() throws Exception {
        Slowloris.Outcome outcome;
        try (EchoServer server = Models.start("head-deadline", config())) {
            outcome = Slowloris.attack(server, HEAD_TIMEOUT);
        }
        System.out.println("head-deadline under slowloris: " + outcome);
        outcome.assertDefended();
    }

    // A slow link is not an attack: a head in 3 pieces over half the head timeout is served.
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aHeadSentSlowlyButWithinTheDeadlineIsServed() throws Exception {
        byte[] request = "GET /slow-but-in-time HTTP/1.1\r\nHost: loadlab\r\nX-Sent-In: three pieces\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        Duration pause = HEAD_TIMEOUT.dividedBy(4);
        SlowClient.Outcome outcome;
        try (EchoServer server = Models.start("head-deadline", config())) {
            outcome = SlowClient.send(server, SlowClient.pieces(request, request.length / 3 + 1), pause, PATIENCE);
        }
        if (outcome.status() != 200) {
            fail("a head sent in 3 pieces over %d ms, within the head timeout of %d ms, got %s: the deadline is for the"
                    + " whole head, from its first byte; a client within it is served", pause.toMillis() * 2,
                    HEAD_TIMEOUT.toMillis(), outcome);
        }
        assertThat(outcome.body()).as("the echo of a head sent in 3 pieces").isEqualTo(request);
    }

    // 10 bytes every 100 ms is a tenth of the minimum rate: cut once the grace and its bytes' time are spent (about 1.1 s).
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aBodyDrippedBelowTheMinimumRateIsCutWith408() throws Exception {
        int bodyBytes = 10_000;
        List<byte[]> pieces = new ArrayList<>();
        pieces.add(("POST /drip HTTP/1.1\r\nHost: loadlab\r\nContent-Length: " + bodyBytes + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        pieces.addAll(SlowClient.pieces("b".repeat(bodyBytes).getBytes(StandardCharsets.US_ASCII), 10));
        SlowClient.Outcome outcome;
        try (EchoServer server = Models.start("head-deadline", config())) {
            outcome = SlowClient.send(server, pieces, Duration.ofMillis(100), PATIENCE);
        }
        if (outcome.status() != 408) {
            fail("a body dripped at 100 bytes a second (the minimum is %d) got %s: after a grace of one idle timeout,"
                    + " allow 1 s / minBodyRate for each body byte, and answer 408 when the body falls behind",
                    MIN_BODY_RATE, outcome);
        }
    }

    // 16 KiB in 8 pieces, one every 250 ms: 8 times the minimum rate, over 2 s, twice the head timeout.
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aBodyAboveTheMinimumRateIsServedLongAfterTheHeadDeadline() throws Exception {
        String body = "b".repeat(16 * 1024);
        String head = "POST /steady HTTP/1.1\r\nHost: loadlab\r\nContent-Length: " + body.length() + "\r\n\r\n";
        List<byte[]> pieces = new ArrayList<>();
        pieces.add(head.getBytes(StandardCharsets.US_ASCII));
        pieces.addAll(SlowClient.pieces(body.getBytes(StandardCharsets.US_ASCII), body.length() / 8));
        SlowClient.Outcome outcome;
        try (EchoServer server = Models.start("head-deadline", config())) {
            outcome = SlowClient.send(server, pieces, HEAD_TIMEOUT.dividedBy(4), PATIENCE);
        }
        if (outcome.status() != 200) {
            fail("a body sent at 8 times the minimum rate, over 2 s, got %s: the head timeout is for the head; the"
                    + " body only has to keep up minBodyRate bytes a second, however long it takes", outcome);
        }
        assertThat(outcome.body()).as("the echo of a body sent in 8 pieces")
                .isEqualTo((head + body).getBytes(StandardCharsets.US_ASCII));
    }
}
