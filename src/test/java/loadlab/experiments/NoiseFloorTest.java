package loadlab.experiments;

import static loadlab.experiment.ExperimentAssertions.assertThat;

import java.time.Duration;
import loadlab.Lab;
import loadlab.experiment.Experiment;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Plan;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadSpec;
import loadlab.load.ThinkTime;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * <h2>How different can one server look from itself? An A/A experiment</h2>
 *
 * <p><b>Question.</b> Before believing that model A beats model B by 8%, a lab should know how far
 * apart two runs of the <em>same</em> model land on its machine: its noise floor.
 *
 * <p><b>Prediction</b> (event-loop against itself, no work, 8 keep-alive closed-loop users: a
 * CPU-bound echo, as noisy as this lab's trials get). The per-round ratio wanders by a few percent
 * on a quiet machine, by tens of percent on a busy one, but the verdict is <b>SAME or INCONCLUSIVE,
 * never HIGHER or LOWER</b>: the runner's repeated intervals keep a false verdict to at most 5% of
 * experiments, whatever the noise (see {@code SequentialVerdictSimulationTest}).
 *
 * <p><b>Run</b> {@code mvn test -Dtest=NoiseFloorTest} (about 20 s), or from the command line:
 * {@code ./loadlab compare --models event-loop,event-loop --keep-alive --users 8}.
 *
 * <p><b>You should see</b> two arms, event-loop and event-loop#2, at tens of thousands of RPS each,
 * a ratio within a few percent of 1 and the verdict SAME on a quiet machine (INCONCLUSIVE with an
 * interval reaching beyond the 10% band on a busy one), labelled A/A. Report: target/loadlab/noise-floor/.
 */
@Tag("experiment")
class NoiseFloorTest {

    static final String MODEL = "event-loop";

    static ExperimentResult result;

    @BeforeAll
    static void runTheExperiment() throws Exception {
        Plan plan = Plan.named("noise-floor").models(MODEL, MODEL).compareAllWithFirst().rounds(5, 8)
                .budget(Duration.ofSeconds(25)).build();
        LoadSpec load = LoadSpec.to(Experiment.ANY_SERVER).closed(8, Double.POSITIVE_INFINITY, ThinkTime.none())
                .mode(ConnectionMode.KEEP_ALIVE).warmup(Duration.ofMillis(500)).duration(Duration.ofSeconds(1)).build();
        result = Lab.run(Experiment.of(plan, ServerConfig.defaults(), load));
    }

    @Test
    void aModelIsNeitherBetterNorWorseThanItself() {
        String copy = result.models().get(1);
        System.out.println(result.compare(copy, MODEL) + (result.isAA(copy, MODEL) ? "  (A/A)" : ""));
        org.assertj.core.api.Assertions.assertThat(result.isAA(copy, MODEL)).as("labelled as an A/A comparison").isTrue();
        assertThat(result).model(copy).hasNoFailures().isNeitherHigherNorLowerThan(MODEL);
    }
}
