package loadlab.load;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.Test;

/**
 * Users start at the spawn rate, the series shows them arriving, and the series of a real run adds
 * up to its totals. 10 users at 5/s, each thinking 100 ms, against an echo server: in the first
 * second 5 users are active (one every 200 ms), in the second all 10, and the second second
 * carries more requests than the first. About 2 s.
 */
class SpawnAndSeriesTest {

    @Test
    void usersArriveAtTheSpawnRateAndTheSeriesAddsUp() throws Exception {
        try (EchoServer server = Models.start("virtual-threads", ServerConfig.defaults())) {
            TrialResult r = LoadGenerator.run(LoadSpec.to(server.uri())
                    .closed(10, 5, ThinkTime.constant(ofMillis(100))).duration(ofSeconds(2)).build());

            List<SecondSample> series = r.series();
            assertThat(series).extracting(SecondSample::usersOrRate).containsExactly(5.0, 10.0);
            assertThat(series.get(1).requests()).as("the second second, with all users").isGreaterThan(series.get(0).requests());
            assertThat(series.stream().mapToLong(SecondSample::requests).sum()).isEqualTo(r.requests());
            assertThat(series.stream().mapToLong(SecondSample::successes).sum()).isEqualTo(r.latency().getTotalCount());
            assertThat(r.failures()).as("failures: %s", r.failureExamples()).isZero();
        }
    }
}
