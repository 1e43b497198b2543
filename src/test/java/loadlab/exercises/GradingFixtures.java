package loadlab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Grading tests that pass, fail and meet a TODO on purpose, Jupiter and jqwik alike, for
 * {@link GradingSummaryTest} to run in a launcher of its own. Their names match no test pattern, so
 * a build never runs them; run any other way, they do nothing.
 */
final class GradingFixtures {

    static volatile boolean running;

    private GradingFixtures() { }

    @Graded(4)
    static class Passes {
        @Test
        void passes() {
            Assumptions.assumeTrue(running, "a fixture of GradingSummaryTest");
            assertThat(1 + 1).isEqualTo(2);
        }

        @Property(tries = 10)
        void holds(@ForAll @IntRange(min = 0, max = 10) int n) {
            assertThat(n).isBetween(0, 10);
        }
    }

    @Graded(4)
    static class FailsAProperty {
        @Test
        void passes() {
            Assumptions.assumeTrue(running, "a fixture of GradingSummaryTest");
        }

        @Property(tries = 10)
        void halfWidthIsNeverNegative(@ForAll @IntRange(min = 0, max = 10) int n) {
            if (running) {
                assertThat(-1.5).as("half-width for n = %d", n).isNotNegative();
            }
        }
    }

    @Graded(5)
    static class NotDone {
        @Test
        void callsATodo() {
            Assumptions.assumeTrue(running, "a fixture of GradingSummaryTest");
            throw new UnsupportedOperationException("Exercise 5: solve X = N / (Z + R) for R");
        }

        @Property(tries = 10)
        void callsATodoToo(@ForAll int n) {
            if (running) {
                throw new UnsupportedOperationException("Exercise 5: solve X = N / (Z + R) for R");
            }
        }

        @Test
        void passesMeanwhile() {
            Assumptions.assumeTrue(running, "a fixture of GradingSummaryTest");
        }
    }

    @Graded(5)
    static class NeedsAnotherExercise {
        @Test
        void callsExercise4() {
            Assumptions.assumeTrue(running, "a fixture of GradingSummaryTest");
            throw new IllegalStateException("the experiment could not report",
                    new UnsupportedOperationException("Exercise 4: compute the interval"));
        }
    }
}
