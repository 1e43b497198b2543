package loadlab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/** Comparison against hand-worked log ratios and Commons Math's own Welch test. */
class ComparisonTest {

    @Test
    void turnsTheMeanLogRatioAndItsIntervalBackIntoARatio() {
        // Log ratios 0.1, 0.2, 0.3: mean 0.2, s = 0.1, t(0.975, 2) = 4.302653,
        // half-width 4.302653 * 0.1 / sqrt(3) = 0.248414, so the ratio is e^0.2 = 1.221403
        // with interval e^-0.048414 = 0.952739 .. e^0.448414 = 1.565826.
        double[] a = {100 * Math.exp(0.1), 100 * Math.exp(0.2), 100 * Math.exp(0.3)};
        double[] b = {100, 100, 100};

        Comparison comparison = Comparison.of("A", a, "B", b);

        assertThat(comparison.n()).isEqualTo(3);
        assertThat(comparison.ratio()).isCloseTo(1.221403, within(1e-6));
        assertThat(comparison.ratioLower()).isCloseTo(0.952739, within(1e-6));
        assertThat(comparison.ratioUpper()).isCloseTo(1.565826, within(1e-6));
        assertThat(comparison.verdict()).isEqualTo(Verdict.INCONCLUSIVE); // the CI includes 1
    }

    @Test
    void reportsWelchsPValueAsCommonsMathComputesIt() {
        // Student's sleep data (R's `sleep`) shifted by +5 hours so that every value is positive;
        // a shift changes no t statistic. R: t.test(extra ~ group, data = sleep) gives p = 0.07939.
        double[] drug1 = {5.7, 3.4, 4.8, 3.8, 4.9, 8.4, 8.7, 5.8, 5.0, 7.0};
        double[] drug2 = {6.9, 5.8, 6.1, 5.1, 4.9, 9.4, 10.5, 6.6, 9.6, 8.4};

        Comparison comparison = Comparison.of("drug 1", drug1, "drug 2", drug2);

        assertThat(comparison.pValue()).isEqualTo(new TTest().tTest(drug1, drug2));
        assertThat(comparison.pValue()).isCloseTo(0.07939, within(1e-5));
    }

    @Test
    void aSignificantDifferenceInsideTheMarginIsNoWin() {
        // About 3% higher in every round, tightly: the ratio CI excludes 1 but not 1.05.
        double[] a = {103.0, 102.9, 103.1, 103.0, 102.95};
        double[] b = {100, 100, 100, 100, 100};

        Comparison defaultMargin = Comparison.of("A", a, "B", b);
        Comparison onePercent = Comparison.of("A", a, "B", b, 0.01, 0.95);

        assertThat(defaultMargin.ratioLower()).isGreaterThan(1.0);
        assertThat(defaultMargin.margin()).isEqualTo(0.05);
        assertThat(defaultMargin.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(onePercent.verdict()).isEqualTo(Verdict.HIGHER);
        assertThat(Comparison.of("B", b, "A", a, 0.01, 0.95).verdict()).isEqualTo(Verdict.LOWER);
    }

    @Test
    void readsLikeAResult() {
        double[] threadPool = {8100, 8300, 7900, 8200};
        double[] singleThreaded = {690, 700, 680, 695};

        Comparison comparison = Comparison.of("thread-pool", threadPool, "single-threaded",
                singleThreaded);

        assertThat(comparison.nameA()).isEqualTo("thread-pool");
        assertThat(comparison.nameB()).isEqualTo("single-threaded");
        assertThat(comparison).hasToString("thread-pool / single-threaded = 11.8x"
                + " (95% CI 11.6..11.9, n=4), Welch p=3.2e-6: HIGHER (margin 5%)");
    }

    @Test
    void welchIsUndefinedWhenBothSamplesAreConstant() {
        Comparison comparison = Comparison.of("A", new double[] {2, 2}, "B", new double[] {1, 1});

        assertThat(comparison.ratio()).isCloseTo(2.0, within(1e-12));
        assertThat(comparison.verdict()).isEqualTo(Verdict.HIGHER);
        assertThat(comparison.pValue()).isNaN();
        assertThat(comparison.toString()).contains("Welch p=n/a");
    }

    @Test
    void rejectsRoundsThatDoNotPair() {
        assertThatThrownBy(() -> Comparison.of("thread-pool", new double[] {1, 2, 3},
                "single-threaded", new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("thread-pool has 3 values but single-threaded has 2;"
                        + " a paired comparison needs one value of each per round");
    }

    @Test
    void rejectsASingleRound() {
        assertThatThrownBy(() -> Comparison.of("A", new double[] {1}, "B", new double[] {2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("comparing A with B needs at least 2 rounds to estimate the noise,"
                        + " got 1");
    }

    @Test
    void rejectsValuesThatHaveNoLogarithm() {
        assertThatThrownBy(() -> Comparison.of("A", new double[] {1, 2}, "B", new double[] {3, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("B value in round 1 is 0.0; a ratio needs positive finite values");
        assertThatThrownBy(() -> Comparison.of("A", new double[] {-1, 2}, "B", new double[] {3, 4}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A value in round 0 is -1.0; a ratio needs positive finite values");
    }

    @Test
    void rejectsANegativeMarginAndAnImpossibleLevel() {
        double[] a = {1, 2};
        assertThatThrownBy(() -> Comparison.of("A", a, "B", a, -0.05, 0.95))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("margin must be a finite fraction >= 0 (e.g. 0.05 for 5%), got -0.05");
        assertThatThrownBy(() -> Comparison.of("A", a, "B", a, 0.05, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("confidence level must be strictly between 0 and 1");
    }
}
