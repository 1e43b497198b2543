package loadlab.exercises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import loadlab.Lab;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadSpec;
import loadlab.load.RequestTemplate;
import loadlab.load.ThinkTime;
import loadlab.load.TrialResult;
import loadlab.server.ServerConfig;
import loadlab.server.Work;
import org.junit.jupiter.api.Test;

/**
 * Grades exercise 5, {@link Predictions}, against a measurement: the prediction is made first, then
 * the experiment runs and must land within the stated tolerance of it.
 *
 * <p>Both experiments are paced by sleeps (20 ms of work, 200 ms of think time), which a busy shared
 * machine stretches by a millisecond or so, not by tens of percent: the tolerances hold there.
 */
@Graded(5)
class PredictionsExperimentGradingTest {

    @Test
    void singleThreadedServesOneRequestPerWorkDuration() throws Exception {
        Duration work = Duration.ofMillis(20);
        double predicted = Predictions.singleThreadedRps(work);
        TrialResult result = run(ServerConfig.defaults().withWork(Work.sleep(work)), 8, ThinkTime.none());
        assertThat(result.rps()).as("single-threaded RPS against the prediction %.1f", predicted)
                .isCloseTo(predicted, within(predicted * 0.15));
    }

    @Test
    void aClosedLoopWithThinkTimeServesUsersOverThinkPlusResponse() throws Exception {
        Duration work = Duration.ofMillis(20);
        int users = 4;
        double think = 0.2;
        // Four users thinking 200 ms against a server taking 20 ms seldom queue: R is about the work.
        double predicted = Predictions.closedLoopThroughput(users, think, 0.020);
        TrialResult result = run(ServerConfig.defaults().withWork(Work.sleep(work)), users,
                ThinkTime.constant(Duration.ofMillis(200)));
        assertThat(result.rps()).as("closed-loop RPS against the prediction %.1f", predicted)
                .isCloseTo(predicted, within(predicted * 0.10));
    }

    private static TrialResult run(ServerConfig config, int users, ThinkTime think) throws Exception {
        // A trial that measured the generator, not the server (a law broken, the generator late), is run again.
        return Lab.validInProcess("single-threaded, " + users + " users thinking " + think, "single-threaded", config,
                uri -> LoadSpec.to(uri)
                        .closed(users, 1000, think)
                        .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST)
                        .request(RequestTemplate.get())
                        .warmup(Duration.ofMillis(500))
                        .duration(Duration.ofSeconds(3))
                        .readTimeout(Duration.ofSeconds(3))
                        .build(), System.out).load();
    }
}
