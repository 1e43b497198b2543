package loadlab.experiments;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import loadlab.Lab;
import loadlab.experiment.Experiment;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Plan;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * <h2>Would SeedServersTest notice a thread where the process should be?</h2>
 *
 * <p>The claim: {@code multiprocess.py}, a process forked per connection, serves at most
 * {@value SeedServersTest#MULTI_AT_MOST} times {@code singleprocess.py} and costs at least
 * {@value SeedServersTest#FORK_CPU_TIMES} times its CPU per request. The mutant exists already:
 * {@code multithread.py}, the same handler with a thread per connection instead of the process, run in
 * multiprocess.py's place. It costs a thread start, not a fork, and the claim must fail, with its figures.
 *
 * <p><b>Run</b> {@code mvn test -Dgroups=mutant -Dtest=SeedServersMutantTest} (about 30 s; python3 needed).
 */
@Tag("mutant")
class SeedServersMutantTest {

    @Test
    void aThreadInTheProcesssPlaceFailsTheClaim() throws Exception {
        SeedServersTest.registerTheSeedServers();
        Plan plan = Plan.named("seed-servers-mutant").arm("seed-single", "seed-single").arm("seed-multi", "seed-thread")
                .compare("seed-multi", "seed-single", SeedServersTest.MULTI_AT_MOST).rounds(3, 5)
                .budget(Duration.ofSeconds(60)).build();
        ExperimentResult mutant = Lab.run(Experiment.of(plan, ServerConfig.defaults(), SeedServersTest.load()));
        assertThatThrownBy(() -> SeedServersTest.aProcessPerConnectionServesAtMostAFifthOfTheSingleProcess(mutant))
                .isInstanceOf(AssertionError.class)
                .satisfies(e -> System.out.println("the claim fails on the mutant, as it must:\n" + e.getMessage()));
    }
}
