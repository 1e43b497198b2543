package loadlab.exercises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/**
 * Grades exercise 4, {@link ConfidenceInterval}: known values first, then what any correct t interval
 * has. The references are independent of the lab's own statistics (which, in the hand-out, are
 * yours): a worked example, R's {@code t.test}, and Commons Math's t-test, whose p-value is exactly
 * 1 - level at the ends of the interval. Every property draws the values it tests directly, so a
 * failing sample jqwik reports is the input your code got.
 */
@Graded(4)
class ConfidenceIntervalGradingTest {

    private static final double[] WORKED = {812, 790, 845, 801, 826};

    // Worked by hand: mean 814.8, s = 21.5105, t(0.975, 4) = 2.776445, half-width 2.776445 * 21.5105 / sqrt(5) = 26.709.
    @Test
    void matchesTheWorkedExampleInTheExercise() {
        ConfidenceInterval ci = ConfidenceInterval.of(WORKED, 0.95);
        assertThat(ci.mean()).as("mean of %s", Arrays.toString(WORKED)).isCloseTo(814.8, within(1e-9));
        assertThat(ci.halfWidth()).as("half-width t · s / √n%s", slip(ci.halfWidth())).isCloseTo(26.709, within(1e-3));
        assertThat(ci.lower()).as("lower end").isCloseTo(788.09, within(0.01));
        assertThat(ci.upper()).as("upper end").isCloseTo(841.51, within(0.01));
        assertThat(ci.n()).as("n").isEqualTo(5);
        assertThat(ci.level()).as("level").isEqualTo(0.95);
    }

    // Student's sleep data (Cushny and Peebles, 1905), differences: R's t.test gives 0.7001142..2.4598858.
    @Test
    void matchesRsTTestOnStudentsSleepData() {
        double[] differences = {1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4};
        ConfidenceInterval ci = ConfidenceInterval.of(differences, 0.95);
        assertThat(ci.lower()).as("lower end of R's t.test(%s)", Arrays.toString(differences))
                .isCloseTo(0.7001142, within(1e-6));
        assertThat(ci.upper()).as("upper end of R's t.test(%s)", Arrays.toString(differences))
                .isCloseTo(2.4598858, within(1e-6));
    }

    @Test
    void aHigherLevelGivesAWiderInterval() {
        double[] values = {10, 12, 11, 13, 9, 12};
        double at95 = ConfidenceInterval.of(values, 0.95).halfWidth();
        assertThat(at95).as("half-width at 95%% of %s", Arrays.toString(values)).isGreaterThan(0);
        assertThat(ConfidenceInterval.of(values, 0.99).halfWidth())
                .as("half-width at 99%% of %s, against %.4f at 95%%", Arrays.toString(values), at95)
                .isGreaterThan(at95);
    }

    /** A t-test of "the mean is L" gives p = 0.05 exactly when L is an end of the 95% interval: the two are one idea. */
    @Property(tries = 200)
    void atEachEndATTestJustRejectsAtOneMinusTheLevel(@ForAll("trials") double[] values) {
        ConfidenceInterval ci = ConfidenceInterval.of(values, 0.95);
        TTest tTest = new TTest();
        assertThat(tTest.tTest(ci.lower(), values))
                .as("p-value of a t-test that the mean is the lower end %s, for %s", ci.lower(), Arrays.toString(values))
                .isCloseTo(0.05, within(1e-6));
        assertThat(tTest.tTest(ci.upper(), values))
                .as("p-value of a t-test that the mean is the upper end %s, for %s", ci.upper(), Arrays.toString(values))
                .isCloseTo(0.05, within(1e-6));
    }

    @Property(tries = 200)
    void isCentredOnTheMean(@ForAll("trials") double[] values) {
        double mean = Arrays.stream(values).average().orElseThrow();
        ConfidenceInterval ci = ConfidenceInterval.of(values, 0.95);
        double tolerance = 1e-9 * Math.max(1, Math.abs(mean));
        assertThat(ci.mean()).as("mean of %s", Arrays.toString(values)).isCloseTo(mean, within(tolerance));
        assertThat(ci.upper() - ci.mean()).as("upper end minus the mean, against the mean minus the lower end, for %s",
                Arrays.toString(values)).isCloseTo(ci.mean() - ci.lower(), within(tolerance));
        assertThat(ci.contains(ci.mean())).as("the interval %s contains its mean", ci).isTrue();
    }

    /** Measuring in other units (scale) or from another zero (shift) moves the interval the same way. */
    @Property(tries = 100)
    void shiftingAndScalingTheValuesMovesTheIntervalAlike(@ForAll("trials") double[] values,
            @ForAll @DoubleRange(min = -1000, max = 1000) double shift, @ForAll @DoubleRange(min = 0.01, max = 100) double scale) {
        double[] moved = Arrays.stream(values).map(v -> v * scale + shift).toArray();
        ConfidenceInterval ci = ConfidenceInterval.of(values, 0.95);
        ConfidenceInterval movedCi = ConfidenceInterval.of(moved, 0.95);
        double tolerance = 1e-9 * Math.max(1, Math.abs(movedCi.upper()));
        assertThat(movedCi.lower()).as("lower end for %s × %s + %s", Arrays.toString(values), scale, shift)
                .isCloseTo(ci.lower() * scale + shift, within(tolerance));
        assertThat(movedCi.upper()).as("upper end for %s × %s + %s", Arrays.toString(values), scale, shift)
                .isCloseTo(ci.upper() * scale + shift, within(tolerance));
    }

    @Property(tries = 100)
    void narrowsAsTheSampleGrowsAtTheSameSpread(@ForAll @DoubleRange(min = 1, max = 100) double spread) {
        // 500 - spread and 500 + spread in turn: s stays about the same, and t and 1/√n both shrink with n.
        double previous = Double.POSITIVE_INFINITY;
        for (int n = 2; n <= 32; n *= 2) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = i % 2 == 0 ? 500 - spread : 500 + spread;
            }
            double width = ConfidenceInterval.of(values, 0.95).halfWidth();
            assertThat(width).as("half-width for n = %d values alternating 500 ± %s, against %s for n / 2", n, spread, previous)
                    .isLessThan(previous);
            previous = width;
        }
    }

    /** What the usual slips give for the worked example's half-width, so that a wrong one can be named. */
    private static final Map<Double, String> SLIPS = Map.of(
            23.889, "s divided by n, not n - 1",
            24.728, "t with n degrees of freedom, not n - 1",
            20.508, "t at the level itself, not at 1 - (1 - level) / 2",
            18.854, "the normal 1.96, not Student's t");

    private static String slip(double halfWidth) {
        return SLIPS.entrySet().stream().filter(slip -> Math.abs(halfWidth - slip.getKey()) < 1e-3)
                .map(slip -> " (" + slip.getKey() + " is what " + slip.getValue() + " gives)").findFirst().orElse("");
    }

    /** Trial values as an experiment gives them: 2 to 40 throughputs between 1 and 20,000, not all alike. */
    @Provide
    Arbitrary<double[]> trials() {
        return Arbitraries.doubles().between(1, 20_000).ofScale(1)
                .array(double[].class).ofMinSize(2).ofMaxSize(40)
                .filter(values -> Arrays.stream(values).max().orElseThrow() - Arrays.stream(values).min().orElseThrow() >= 0.5);
    }
}
