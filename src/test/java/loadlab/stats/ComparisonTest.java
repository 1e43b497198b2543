package loadlab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/** Comparison against hand-worked log ratios and Commons Math's own paired t-test. */
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
    void thePValueIsThePairedTestOfTheLogRatios() {
        // Student's sleep data (R's `sleep`) shifted by +5 hours so that every value is positive.
        // The same ten patients took both drugs: scipy.stats.ttest_rel(log(drug1), log(drug2)) gives
        // t = -4.032, p = 0.002963, where the unpaired Welch test on the raw values gives 0.07939.
        double[] drug1 = {5.7, 3.4, 4.8, 3.8, 4.9, 8.4, 8.7, 5.8, 5.0, 7.0};
        double[] drug2 = {6.9, 5.8, 6.1, 5.1, 4.9, 9.4, 10.5, 6.6, 9.6, 8.4};
        double[] logs1 = java.util.Arrays.stream(drug1).map(Math::log).toArray();
        double[] logs2 = java.util.Arrays.stream(drug2).map(Math::log).toArray();

        Comparison comparison = Comparison.of("drug 1", drug1, "drug 2", drug2);

        assertThat(comparison.pairedP()).isCloseTo(new TTest().pairedTTest(logs1, logs2), within(1e-12));
        assertThat(comparison.pairedP()).isCloseTo(0.002963, within(1e-6));
        assertThat(comparison.verdict()).as("p below 5%% and an interval below 1/1.05").isEqualTo(Verdict.LOWER);
    }

    @Test
    void aTightRatioInsideTheBandIsTheSame() {
        // 2% apart, tightly: the interval clears 1 but lies inside [1/1.1, 1.1] and reaches into the margin.
        double[] a = {102.0, 101.9, 102.1, 102.0, 101.95};
        double[] b = {100, 100, 100, 100, 100};

        Comparison same = Comparison.of("A", a, "B", b);

        assertThat(same.ratioLower()).isGreaterThan(1.0);
        assertThat(same.verdict()).isEqualTo(Verdict.SAME);
        assertThat(Comparison.of("B", b, "A", a).verdict()).isEqualTo(Verdict.SAME);
        assertThat(Comparison.of("A", a, "B", b, VerdictRule.once(0.05, 0.01, 0.95)).verdict())
                .as("a band of 1%% is narrower than the interval").isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void aWideIntervalIsNeitherSameNorDifferent() {
        double[] a = {80, 120, 95, 105};
        double[] b = {100, 100, 100, 100};

        assertThat(Comparison.of("A", a, "B", b).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void aDifferenceBeyondTheMarginIsHigherEvenInsideTheBand() {
        double[] a = {107.0, 106.9, 107.1, 107.0};
        double[] b = {100, 100, 100, 100};

        assertThat(Comparison.of("A", a, "B", b).verdict()).isEqualTo(Verdict.HIGHER);
    }

    @Test
    void repeatedIntervalsAreWiderThanOneLooksAndSaySo() {
        double[] a = {8100, 8300, 7900, 8200, 8000};
        double[] b = {690, 700, 680, 695, 700};

        Comparison once = Comparison.of("A", a, "B", b);
        Comparison looked = Comparison.of("A", a, "B", b, VerdictRule.sequential(0.05, 0.10, 0.95, 5, 20));

        assertThat(looked.ratio()).isEqualTo(once.ratio());
        assertThat(looked.ratioLower()).isLessThan(once.ratioLower());
        assertThat(looked.ratioUpper()).isGreaterThan(once.ratioUpper());
        assertThat(looked.toString()).contains("95% repeated CI (99.", "% at each look)");
    }

    @Test
    void aSignificantDifferenceInsideTheMarginIsNoWin() {
        // About 3% higher in every round, tightly: the ratio CI excludes 1 but not 1.05.
        double[] a = {103.0, 102.9, 103.1, 103.0, 102.95};
        double[] b = {100, 100, 100, 100, 100};

        Comparison defaultMargin = Comparison.of("A", a, "B", b);
        VerdictRule onePercentNoBand = VerdictRule.once(0.01, 0, 0.95);
        Comparison onePercent = Comparison.of("A", a, "B", b, onePercentNoBand);

        assertThat(defaultMargin.ratioLower()).isGreaterThan(1.0);
        assertThat(defaultMargin.rule().margin()).isEqualTo(0.05);
        assertThat(defaultMargin.verdict()).as("inside the band, not beyond the margin").isEqualTo(Verdict.SAME);
        assertThat(onePercent.verdict()).isEqualTo(Verdict.HIGHER);
        assertThat(Comparison.of("B", b, "A", a, onePercentNoBand).verdict()).isEqualTo(Verdict.LOWER);
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
                + " (95% CI 11.6..11.9, n=4), paired p=1.2e-8: HIGHER (margin 5%, band 10%)");
    }

    @Test
    void aConstantRatioHasPZeroAndARatioOfExactlyOneHasNone() {
        Comparison doubled = Comparison.of("A", new double[] {2, 2}, "B", new double[] {1, 1});
        Comparison equal = Comparison.of("A", new double[] {1, 3}, "B", new double[] {1, 3});

        assertThat(doubled.ratio()).isCloseTo(2.0, within(1e-12));
        assertThat(doubled.verdict()).isEqualTo(Verdict.HIGHER);
        assertThat(doubled.pairedP()).isZero();
        assertThat(equal.verdict()).isEqualTo(Verdict.SAME);
        assertThat(equal.pairedP()).isNaN();
        assertThat(equal.toString()).contains("paired p=n/a");
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
    void rejectsANegativeMarginOrBandAndAnImpossibleLevel() {
        assertThatThrownBy(() -> VerdictRule.once(-0.05, 0.1, 0.95))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("margin must be a finite fraction >= 0 (e.g. 0.05 for 5%), got -0.05");
        assertThatThrownBy(() -> VerdictRule.once(0.05, -0.1, 0.95))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("equivalence band must be a finite fraction >= 0");
        assertThatThrownBy(() -> VerdictRule.once(0.05, 0.1, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("levels must lie in (0, 1)");
    }
}
