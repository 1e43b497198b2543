package loadlab.load;

import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An open-ended run (a locust worker's: an hour's window) stopped from another thread ends at once,
 * even with every user in the middle of a 10 s think; the listener has seen every request of the
 * result, no more and no fewer; and no generator thread is left.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StopSignalTest {

    @Test
    void aStoppedRunEndsWithoutWaitingOutTheThinksAndTheListenerSawEveryRequest() throws Exception {
        EchoServer server = Models.start("event-loop", ServerConfig.defaults());
        try {
            LoadSpec spec = LoadSpec.to(server.uri()).closed(20, Double.POSITIVE_INFINITY, ThinkTime.parse("10s"))
                    .duration(ofHours(1)).build();
            StopSignal stop = new StopSignal();
            AtomicLong heard = new AtomicLong();
            CompletableFuture<TrialResult> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return LoadGenerator.run(spec, s -> { }, (latency, uncorrected, bytes, failure, status) -> heard.incrementAndGet(), stop);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(ofMillis(1500)); // every user has sent once and is thinking
            long stoppedAt = System.nanoTime();

            stop.stop();
            TrialResult r = run.get(20, TimeUnit.SECONDS);

            assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).as("time to stop").isLessThan(ofSeconds(2));
            assertThat(r.requests()).as("each user's first request").isEqualTo(20);
            assertThat(heard.get()).isEqualTo(r.requests());
            assertThat(r.window()).isLessThan(ofSeconds(3));
            assertThat(GeneratorThreads.alive()).as("generator threads after the run").isEmpty();
        } finally {
            server.close();
        }
    }
}
