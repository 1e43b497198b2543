package loadlab.experiment;

import static loadlab.experiment.ExperimentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The domain assertions pass on what is true and fail with both estimates, the ratio CI and the verdict. */
class ExperimentAssertionsTest {

    static ExperimentResult result;

    @BeforeAll
    static void fakeExperiment() throws Exception {
        FakeClock clock = new FakeClock();
        Map<String, double[]> rps = Map.of(
                "single-threaded", new double[] {95, 97, 94, 96, 95},
                "thread-pool", new double[] {2400, 2550, 2300, 2480, 2390},
                "event-loop", new double[] {96, 99, 93, 95, 97},
                "process-per-connection", new double[] {21, 19, 22, 20, 18});
        TrialFunction trials = new TrialFunction() {
            final FakeTrials values = FakeTrials.scripted(rps, clock, Duration.ofSeconds(3));

            @Override
            public Measurement run(String model) throws java.io.IOException, InterruptedException {
                Measurement m = values.run(model);
                return model.equals("process-per-connection") ? FakeTrials.measurement(m.rps(), 3) : m;
            }
        };
        result = new ExperimentRunner(trials, Progress.SILENT, clock).run(Plan.named("assertions")
                .models("single-threaded", "thread-pool", "event-loop", "process-per-connection")
                .compare("thread-pool", "single-threaded").rounds(5, 5).seed(11).build());
    }

    @Test
    void trueClaimsPass() {
        assertThat(result).stoppedBecause(StopReason.ALL_CONCLUSIVE).isConclusive();
        assertThat(result).model("thread-pool").hasThroughputAbove("single-threaded").hasNoFailures()
                .hasCiHalfWidthBelow(0.06).hasThroughputAtLeastTimes(20, "single-threaded");
        assertThat(result).model("process-per-connection").hasThroughputBelow("single-threaded");
        assertThat(result).model("event-loop").isNotLowerThan("single-threaded").servesTheSameAs("single-threaded")
                .isNeitherHigherNorLowerThan("single-threaded");
        assertThat(result).model("single-threaded").isNotLowerThan("event-loop");
        assertThat(result).model("thread-pool").hasThroughputAtMostTimes(30, "single-threaded");
        assertThat(result).model("process-per-connection").hasThroughputAtMostTimes(0.25, "single-threaded");
    }

    @Test
    void aFactorClaimFailsWithTheRatioItsIntervalAndTheFactor() {
        assertThatThrownBy(() -> assertThat(result).model("thread-pool").hasThroughputAtMostTimes(10, "single-threaded"))
                .hasMessageContaining("Expecting thread-pool to have a throughput at most 10.0 times that of single-threaded")
                .hasMessageContaining("ratio thread-pool / single-threaded = ");
        assertThatThrownBy(() -> assertThat(result).model("thread-pool").hasThroughputAtLeastTimes(40, "single-threaded"))
                .hasMessageContaining("a throughput at least 40.0 times that of single-threaded");
    }

    @Test
    void noDataIsNotEvidenceOfNoDifference() {
        // A wide interval (few, noisy rounds) is not SAME and does not show "not lower", though its verdict is not LOWER.
        assertThatThrownBy(() -> assertThat(result).model("thread-pool").servesTheSameAs("single-threaded"))
                .hasMessageContaining("but the verdict is HIGHER");
        assertThatThrownBy(() -> assertThat(result).model("process-per-connection").isNeitherHigherNorLowerThan("single-threaded"))
                .hasMessageContaining("but the verdict is LOWER");
    }

    @Test
    void aFailedThroughputClaimShowsBothEstimatesTheRatioAndTheVerdict() {
        assertThatThrownBy(() -> assertThat(result).model("event-loop").hasThroughputAbove("single-threaded"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting event-loop to have a higher throughput than single-threaded, but the verdict is SAME")
                .hasMessageContaining("event-loop:      96.00 ± ")
                .hasMessageContaining("single-threaded: 95.40 ± ")
                .hasMessageContaining("ratio event-loop / single-threaded = 1.01x (95% CI ")
                .hasMessageContaining("seed 11, repeat with -Dloadlab.seed=11");
        assertThatThrownBy(() -> assertThat(result).model("thread-pool").hasThroughputBelow("single-threaded"))
                .hasMessageContaining("but the verdict is HIGHER");
        assertThatThrownBy(() -> assertThat(result).model("process-per-connection").isNotLowerThan("single-threaded"))
                .hasMessageContaining("a throughput not lower than single-threaded, but the verdict is LOWER");
        assertThatThrownBy(() -> assertThat(result).model("thread-pool").hasThroughputAtLeastTimes(30, "single-threaded"))
                .hasMessageContaining("at least 30.0 times that of single-threaded");
    }

    @Test
    void failuresAreShownByCategoryRoundAndExample() {
        assertThatThrownBy(() -> assertThat(result).model("process-per-connection").hasNoFailures())
                .hasMessageContaining("Expecting process-per-connection to answer every request correctly, but 15 of ")
                .hasMessageContaining("{CONNECTION_RESET=15}")
                .hasMessageContaining("in rounds 1 (3), 2 (3)")
                .hasMessageContaining("connection reset by peer");
    }

    @Test
    void aWideIntervalFailsThePrecisionClaim() {
        assertThatThrownBy(() -> assertThat(result).model("process-per-connection").hasCiHalfWidthBelow(0.05))
                .hasMessageContaining("Expecting the RPS of process-per-connection to be known within 5.0%, but the interval's half-width is 9.8% of the mean")
                .hasMessageContaining("20.00 ± 1.96 (95% CI 18.04..21.96, n=5, CV 7.9%) rps");
    }

    @Test
    void unknownModelsAndWrongStopReasonsAreNamed() {
        assertThatThrownBy(() -> assertThat(result).model("prefork"))
                .hasMessageContaining("Expecting experiment assertions to have run prefork, but it ran only [single-threaded, thread-pool, event-loop, process-per-connection]");
        assertThatThrownBy(() -> assertThat(result).model("thread-pool").hasThroughputAbove("prefork"))
                .hasMessageContaining("to have run prefork, to compare thread-pool with it");
        assertThatThrownBy(() -> assertThat(result).stoppedBecause(StopReason.BUDGET_SPENT))
                .hasMessageContaining("to stop because BUDGET_SPENT, but it stopped because ALL_CONCLUSIVE");
    }
}
