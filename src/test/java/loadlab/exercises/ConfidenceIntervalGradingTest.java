package loadlab.exercises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import loadlab.stats.Estimate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Test;

/**
 * Grades exercise 4, {@link ConfidenceInterval}: known values first, then properties any correct
 * interval has, then agreement with loadlab's own {@link Estimate}.
 */
@Graded
class ConfidenceIntervalGradingTest {

    // Worked by hand: mean 814.8, s = 21.5105, t(0.975, 4) = 2.776445, half-width 2.776445 * 21.5105 / sqrt(5) = 26.709.
    @Test
    void matchesTheWorkedExampleInTheExercise() {
        ConfidenceInterval ci = ConfidenceInterval.of(new double[] {812, 790, 845, 801, 826}, 0.95);
        assertThat(ci.mean()).isCloseTo(814.8, within(1e-9));
        assertThat(ci.halfWidth()).isCloseTo(26.709, within(1e-3));
        assertThat(ci.lower()).isCloseTo(788.09, within(0.01));
        assertThat(ci.upper()).isCloseTo(841.51, within(0.01));
    }

    // Student's sleep data (Cushny and Peebles, 1905), differences: R's t.test gives 0.7001142..2.4598858.
    @Test
    void matchesRsTTestOnStudentsSleepData() {
        double[] differences = {1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4};
        ConfidenceInterval ci = ConfidenceInterval.of(differences, 0.95);
        assertThat(ci.lower()).isCloseTo(0.7001142, within(1e-6));
        assertThat(ci.upper()).isCloseTo(2.4598858, within(1e-6));
    }

    @Test
    void aHigherLevelGivesAWiderInterval() {
        double[] values = {10, 12, 11, 13, 9, 12};
        assertThat(ConfidenceInterval.of(values, 0.99).halfWidth())
                .isGreaterThan(ConfidenceInterval.of(values, 0.95).halfWidth())
                .isGreaterThan(0);
    }

    @Property(tries = 200)
    @AddLifecycleHook(GradedProperty.class)
    void containsTheMeanAndAgreesWithEstimate(
            @ForAll @Size(min = 2, max = 40) double[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = 1000 + (values[i] % 1000); // finite, moderate numbers
        }
        ConfidenceInterval ci = ConfidenceInterval.of(values, 0.95);
        Estimate reference = Estimate.of(values, 0.95);
        assertThat(ci.contains(ci.mean())).isTrue();
        assertThat(ci.mean()).isCloseTo(reference.mean(), within(1e-9));
        assertThat(ci.lower()).isCloseTo(reference.lower(), within(1e-6));
        assertThat(ci.upper()).isCloseTo(reference.upper(), within(1e-6));
    }

    @Property(tries = 100)
    @AddLifecycleHook(GradedProperty.class)
    void narrowsAsTheSampleGrowsAtTheSameSpread(@ForAll @DoubleRange(min = 1, max = 100) double spread) {
        // The same two values repeated: s stays about the same, and t and 1/√n both shrink with n.
        double previous = Double.POSITIVE_INFINITY;
        for (int n = 2; n <= 32; n *= 2) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = i % 2 == 0 ? 500 - spread : 500 + spread;
            }
            double width = ConfidenceInterval.of(values, 0.95).halfWidth();
            assertThat(width).isLessThan(previous);
            previous = width;
        }
    }
}
