package loadlab.experiments;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import loadlab.Lab;
import loadlab.experiment.ExperimentResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * <h2>Would SlowClientsTest notice a thread per connection where the event loop should be?</h2>
 *
 * <p>The claim names a mechanism: a slowloris client waiting costs event-loop a selector key, not a
 * thread, so it keeps serving its fast users. thread-per-connection keeps serving them too (its threads
 * are unbounded), so a claim about throughput alone would let it pass; the thread count must catch it.
 * The mutant runs thread-per-connection under event-loop's labels, and the claim must fail.
 *
 * <p><b>Run</b> {@code mvn test -Dgroups=mutant -Dtest=SlowClientsMutantTest} (about 30 s).
 */
@Tag("mutant")
class SlowClientsMutantTest {

    @Test
    void aThreadPerConnectionInTheEventLoopsPlaceFailsTheNoThreadClaim() throws Exception {
        ExperimentResult mutant = Lab.run(SlowClientsTest.keeps("slow-clients-mutant",
                SlowClientsTest.keepsArms("event-loop", "thread-per-connection")));
        assertThatThrownBy(() -> SlowClientsTest.aWaitingSlowClientCostsNoThread(mutant, "event-loop"))
                .isInstanceOf(AssertionError.class)
                .satisfies(e -> System.out.println("the claim fails on the mutant, as it must:\n" + e.getMessage()));
    }
}
