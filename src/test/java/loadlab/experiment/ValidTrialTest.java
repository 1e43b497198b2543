package loadlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import loadlab.Lab;
import loadlab.stats.LawCheck;
import org.junit.jupiter.api.Test;

/**
 * A trial measured outside the runner (one-off trials of IdleConnectionsTest and SlowClientsTest, the
 * grading tests) is validated as the runner validates its own: an invalid one is reported and run
 * again once, and a second invalid one ends the test with both trials' problems.
 */
class ValidTrialTest {

    private static Measurement broken() {
        Measurement m = FakeTrials.measurement(100, 0);
        LawCheck law = new LawCheck("Little's law L = X R", 10.0, 12.0, Measurement.LAW_TOLERANCE);
        return new Measurement(m.load(), m.resources(), List.of(law), List.of(law.toString()));
    }

    @Test
    void anInvalidTrialIsReportedAndRunAgainOnce() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] calls = {0};
        Measurement good = FakeTrials.measurement(100, 0);
        Measurement m = Lab.valid("thread-pool, 8 held", () -> calls[0]++ == 0 ? broken() : good,
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(m).isSameAs(good);
        assertThat(calls[0]).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("  thread-pool, 8 held: rejected, run again: Little's law "
                + "L = X R: expected 10.00, observed 12.00, off by 20.0% (tolerance 5%): DOES NOT HOLD" + System.lineSeparator());
    }

    @Test
    void aValidTrialRunsOnce() throws Exception {
        int[] calls = {0};
        Lab.valid("event-loop", () -> {
            calls[0]++;
            return FakeTrials.measurement(100, 0);
        }, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void anInvalidTrialTwiceEndsTheTestWithBothProblems() {
        assertThatThrownBy(() -> Lab.valid("single-threaded, 1 held", ValidTrialTest::broken,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidTrialException.class)
                .hasMessageStartingWith("single-threaded, 1 held: no measurement of the server, twice in a row:\n  first:  "
                        + "Little's law L = X R")
                .hasMessageContaining("\n  rerun:  Little's law L = X R");
    }
}
