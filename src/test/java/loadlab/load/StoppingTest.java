package loadlab.load;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponses;
import loadlab.http.RequestParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run always ends by itself, within its duration plus timeouts, and leaves no thread behind, even
 * against servers that hold on to it; and a keep-alive connection the server closed while idle is
 * retried, not counted as a failure. (The hard stop, at duration + timeouts + 0.5 s, is a backstop
 * behind the timeouts' deadlines; these servers never reach it.)
 */
class StoppingTest {

    /**
     * Accepts, reads, never answers; the read timeout (3 s) is longer than the window (1 s). The
     * requests out at the end get their read timeout and count as READ_TIMEOUT; then nothing is
     * left: no platform thread and no virtual thread of the generator. The thread listing is
     * checked against itself during the run (it must see the generator's threads then), so that a
     * listing that saw nothing could not pass. About 3 s.
     */
    @Test
    void aServerThatNeverAnswersCannotHoldTheRunAndNoThreadIsLeft() throws Exception {
        List<List<String>> seenDuringRun = new ArrayList<>();
        try (FaultServer server = FaultServer.start(socket -> {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // swallow the requests, answer nothing
            }
        })) {
            LoadSpec spec = LoadSpec.to(server.uri()).open(20, false, 100).duration(ofSeconds(1))
                    .connectTimeout(ofMillis(500)).readTimeout(ofSeconds(3)).build();
            long start = System.nanoTime();
            TrialResult r = LoadGenerator.run(spec, sample -> {
                if (seenDuringRun.isEmpty()) {
                    try {
                        seenDuringRun.add(GeneratorThreads.alive());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(seenDuringRun.get(0)).as("generator threads during the run").isNotEmpty();
            assertThat(GeneratorThreads.alive()).as("generator threads after the run").isEmpty();
            assertThat(elapsed).as("run time").isBetween(ofSeconds(3), ofSeconds(1).plus(ofMillis(500)).plus(ofSeconds(3)).plus(ofMillis(1500)));
            assertThat(r.failuresByCategory()).isEqualTo(Map.of(FailureCategory.READ_TIMEOUT, r.requests()));
            assertThat(r.requests()).as("20/s for 1 s").isBetween(18L, 22L);
        }
    }

    /**
     * A server that trickles a response a byte every 100 ms: a socket read timeout would never
     * fire, as every read gets a byte. The read timeout is a deadline for the whole response, so
     * each request fails at 1 s as READ_TIMEOUT and the run ends at duration 1 s + read timeout 1 s.
     * With a few users, and with many more than loops, whose deadlines share each loop's timers.
     * No thread is left. About 2 s each.
     */
    @ParameterizedTest(name = "{0} users")
    @ValueSource(ints = {3, 300})
    void aResponseTrickledByteByByteTimesOutAtTheReadDeadline(int users) throws Exception {
        try (FaultServer server = FaultServer.start(socket -> {
            FaultServer.readRequest(FaultServer.parser(), socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write('a');
                Thread.sleep(100);
            }
        })) {
            LoadSpec spec = LoadSpec.to(server.uri()).closed(users, Double.POSITIVE_INFINITY, ThinkTime.constant(ofSeconds(5)))
                    .duration(ofSeconds(1)).connectTimeout(ofMillis(500)).readTimeout(ofSeconds(1)).build();
            long start = System.nanoTime();
            TrialResult r = LoadGenerator.run(spec);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(r.failuresByCategory()).isEqualTo(Map.of(FailureCategory.READ_TIMEOUT, (long) users));
            assertThat(r.failureExamples().get(FailureCategory.READ_TIMEOUT).get(0)).contains("read timeout of 1000 ms");
            assertThat(elapsed).as("run time").isBetween(ofMillis(950), ofMillis(2000 + 1000));
            assertThat(GeneratorThreads.alive()).as("generator threads after the run").isEmpty();
        }
    }

    /**
     * A server that closes each connection after one response, without saying so (no
     * {@code Connection: close}): what an idle timeout does to a keep-alive client. Each next
     * request finds its connection closed before any response byte, is sent again on a new
     * connection, and succeeds: no failure, and the retries are counted. About 2 s.
     */
    @Test
    void aKeepAliveConnectionClosedByTheServerIsRetriedOnceNotCounted() throws Exception {
        try (FaultServer server = FaultServer.start(socket -> {
            RequestParser parser = FaultServer.parser();
            HttpRequest request = FaultServer.readRequest(parser, socket.getInputStream());
            if (request != null) {
                socket.getOutputStream().write(HttpResponses.echo(request)); // says keep-alive, then closes
            }
        })) {
            LoadSpec spec = LoadSpec.to(server.uri()).closed(2, Double.POSITIVE_INFINITY, ThinkTime.constant(ofMillis(50)))
                    .duration(ofSeconds(2)).build();

            TrialResult r = LoadGenerator.run(spec);

            assertThat(r.failures()).as("failures: %s", r.failureExamples()).isZero();
            assertThat(r.successes()).isGreaterThan(20);
            assertThat(r.staleConnectionRetries()).as("retries").isGreaterThanOrEqualTo(r.successes() - 2 - 2);
        }
    }
}
