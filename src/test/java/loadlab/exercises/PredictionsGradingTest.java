package loadlab.exercises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Grades exercise 5, {@link Predictions}, numerically. */
@Graded(5)
class PredictionsGradingTest {

    // The seed report: 10,000 users, think time between(5, 15) so Z = 10 s, response 4.778 s.
    @Test
    void predictsTheStudentsLocustThroughput() {
        assertThat(Predictions.closedLoopThroughput(10_000, 10, 4.778)).isCloseTo(676.7, within(0.1));
    }

    @Test
    void aClosedLoopCanNeverBeatUsersOverThinkTime() {
        assertThat(Predictions.closedLoopThroughput(10_000, 10, 0)).isCloseTo(1000, within(1e-9));
        assertThat(Predictions.closedLoopThroughput(10_000, 10, 0.001)).isLessThan(1000);
    }

    // The multi-process row: 273.8 RPS measured means a response time of 10,000 / 273.8 - 10 = 26.5 s
    // by the law, not the 12.4 s locust reported: not every user was in the loop (spawning, failures).
    @Test
    void impliedResponseTimeInvertsTheLaw() {
        assertThat(Predictions.impliedResponseSeconds(10_000, 10, 644.4)).isCloseTo(5.518, within(0.001));
        double x = Predictions.closedLoopThroughput(64, 0.5, 0.02);
        assertThat(Predictions.impliedResponseSeconds(64, 0.5, x)).isCloseTo(0.02, within(1e-9));
    }

    @Test
    void predictsSingleThreadedThroughputFromTheWorkPerRequest() {
        assertThat(Predictions.singleThreadedRps(Duration.ofMillis(10))).isCloseTo(100, within(1e-9));
        assertThat(Predictions.singleThreadedRps(Duration.ofMillis(20))).isCloseTo(50, within(1e-9));
        assertThat(Predictions.singleThreadedRps(Duration.ofNanos(200_000))).isCloseTo(5000, within(1e-6));
    }
}
