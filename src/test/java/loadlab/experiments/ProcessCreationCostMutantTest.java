package loadlab.experiments;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import loadlab.Lab;
import loadlab.experiment.ExperimentResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * <h2>Would ProcessCreationCostTest notice a thread where the process should be?</h2>
 *
 * <p>Its claim names a mechanism: a JVM started per connection costs fifty times the CPU of an echo and
 * serves a hundredth of one process. The mutant keeps the connection-per-request strategy and takes the
 * process away: thread-per-connection runs in process-per-connection's place. It costs a thread start,
 * not a JVM start, and serves a sizeable share of single-threaded, so the claim must fail, with its
 * figures.
 *
 * <p><b>Run</b> {@code mvn test -Dgroups=mutant -Dtest=ProcessCreationCostMutantTest} (about 40 s).
 */
@Tag("mutant")
class ProcessCreationCostMutantTest {

    @Test
    void aThreadInTheProcesssPlaceFailsTheClaim() throws Exception {
        ExperimentResult mutant = Lab.run(ProcessCreationCostTest.experiment("process-creation-cost-mutant",
                "thread-per-connection"));
        assertThatThrownBy(() -> ProcessCreationCostTest.aJvmPerConnectionCostsFiftyTimesTheCpuPerRequestAndServesAHundredth(mutant))
                .isInstanceOf(AssertionError.class)
                .satisfies(e -> System.out.println("the claim fails on the mutant, as it must:\n" + e.getMessage()));
    }
}
