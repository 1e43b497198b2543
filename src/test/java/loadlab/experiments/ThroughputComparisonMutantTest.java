package loadlab.experiments;

import static loadlab.experiment.ExperimentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import loadlab.Lab;
import loadlab.experiment.Arm;
import loadlab.experiment.Experiment;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Plan;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * <h2>Would the main experiment notice if thread-pool were broken?</h2>
 *
 * <p>A claim is worth asserting only if it fails when the mechanism it names is broken. The mutant
 * here is a thread pool that runs 2 threads whatever it is told: where a pool of 64 waits for 64
 * requests at once, it waits for 2, and serves about 2 times single-threaded instead of 10 or more.
 * {@link ThroughputComparisonTest}'s "at least {@value ThroughputComparisonTest#WAITING_FACTOR} times"
 * must fail for it, with the figures; a claim of HIGHER, which it also earns, would have let it pass.
 *
 * <p><b>Run</b> {@code mvn test -Dgroups=mutant -Dtest=ThroughputComparisonMutantTest} (about 40 s). The
 * mutants are tagged {@code mutant}, which {@code mvn test} leaves out; CI runs them after it.
 */
@Tag("mutant")
class ThroughputComparisonMutantTest {

    static final String MUTANT = "thread-pool";

    @Test
    void aPoolThatRunsTwoThreadsFailsTheTenFoldClaim() throws Exception {
        Experiment correct = ThroughputComparisonTest.waiting(Plan.named("throughput-waiting-mutant")
                .models(ThroughputComparisonTest.BASELINE, MUTANT).compare(MUTANT, ThroughputComparisonTest.BASELINE));
        Arm told64 = correct.arm(MUTANT);
        Arm runs2 = new Arm(MUTANT, MUTANT, told64.server().withThreads(2), told64.load(), told64.during());
        Plan plan = correct.plan().withConditions(java.util.Map.of("mutant", "thread-pool runs 2 threads, told 64"));
        ExperimentResult result = Lab.run(Experiment.of(plan, List.of(correct.arm(ThroughputComparisonTest.BASELINE), runs2)));

        assertThat(result).model(MUTANT).hasThroughputAbove(ThroughputComparisonTest.BASELINE); // what a weaker claim would accept
        assertThatThrownBy(() -> assertThat(result).model(MUTANT)
                .hasThroughputAtLeastTimes(ThroughputComparisonTest.WAITING_FACTOR, ThroughputComparisonTest.BASELINE))
                .isInstanceOf(AssertionError.class)
                .satisfies(e -> System.out.println("the claim fails on the mutant, as it must:\n" + e.getMessage()));
    }
}
