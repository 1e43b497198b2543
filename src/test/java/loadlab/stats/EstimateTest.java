package loadlab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Estimate against numbers worked out by hand or published: the formula checked, not echoed. */
class EstimateTest {

    @Test
    void agreesWithAHandComputedStudentTInterval() {
        // mean 811; deviations -1, 1, -2, 0, 2 give s^2 = 10 / 4 = 2.5, so s / sqrt(5) = sqrt(0.5);
        // t(0.975, 4) = 2.776445 (any t table), so the half-width is
        // 2.776445 * 0.707107 = 1.963243.
        Estimate estimate = Estimate.of(new double[] {810, 812, 809, 811, 813});

        assertThat(estimate.n()).isEqualTo(5);
        assertThat(estimate.mean()).isEqualTo(811.0);
        assertThat(estimate.median()).isEqualTo(811.0);
        assertThat(estimate.min()).isEqualTo(809.0);
        assertThat(estimate.max()).isEqualTo(813.0);
        assertThat(estimate.standardDeviation()).isCloseTo(Math.sqrt(2.5), within(1e-12));
        assertThat(estimate.coefficientOfVariation())
                .isCloseTo(Math.sqrt(2.5) / 811, within(1e-12));
        assertThat(estimate.halfWidth()).isCloseTo(1.963243, within(1e-6));
        assertThat(estimate.lower()).isCloseTo(809.036757, within(1e-6));
        assertThat(estimate.upper()).isCloseTo(812.963243, within(1e-6));
        assertThat(estimate.relativeHalfWidth()).isCloseTo(1.963243 / 811, within(1e-9));
        assertThat(estimate.outliers()).isEmpty();
    }

    @Test
    void agreesWithStudentsSleepDataAsPublished() {
        // Cushny and Peebles' extra hours of sleep, drug 1 (Student 1908; R's `sleep`, group 1).
        // R: t.test(sleep$extra[1:10]) gives mean 0.75, 95 percent CI -0.5297804 2.0297804.
        double[] extraSleep = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};

        Estimate estimate = Estimate.of(extraSleep);

        assertThat(estimate.mean()).isCloseTo(0.75, within(1e-12));
        assertThat(estimate.standardDeviation()).isCloseTo(1.7890097, within(1e-7));
        assertThat(estimate.lower()).isCloseTo(-0.5297804, within(1e-7));
        assertThat(estimate.upper()).isCloseTo(2.0297804, within(1e-7));
    }

    @Test
    void levelIsConfigurable() {
        // 90%: t(0.95, 4) = 2.131847, half-width 2.131847 * sqrt(0.5) = 1.507443.
        Estimate estimate = Estimate.of(new double[] {810, 812, 809, 811, 813}, 0.90);

        assertThat(estimate.level()).isEqualTo(0.90);
        assertThat(estimate.halfWidth()).isCloseTo(1.507443, within(1e-6));
        assertThat(estimate.toString()).contains("90% CI");
    }

    @Test
    void readsLikeAResult() {
        assertThat(Estimate.of(new double[] {810, 812, 809, 811, 813}))
                .hasToString("811.0 ± 2.0 (95% CI 809.0..813.0, n=5, CV 0.2%)");
    }

    @Test
    void oneTrialGivesAnUnboundedIntervalAndSaysSo() {
        Estimate estimate = Estimate.of(new double[] {644.4});

        assertThat(estimate.mean()).isEqualTo(644.4);
        assertThat(estimate.median()).isEqualTo(644.4);
        assertThat(estimate.standardDeviation()).isNaN();
        assertThat(estimate.coefficientOfVariation()).isNaN();
        assertThat(estimate.halfWidth()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(estimate.lower()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(estimate.upper()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(estimate).hasToString("644.4 ± ∞ (95% CI -∞..∞, n=1, CV n/a;"
                + " one trial gives no spread, so the interval is unbounded)");
    }

    @Test
    void flagsTukeyOutliersWithoutDroppingThem() {
        // Sorted: 90 98 99 100 100 101 102 160. R-7 quartiles: Q1 = 98.75, Q3 = 101.25, IQR 2.5,
        // so the fences are 95.0 and 105.0: 90 (index 2) and 160 (index 7) are outside.
        double[] values = {100, 102, 90, 98, 101, 99, 100, 160};

        Estimate estimate = Estimate.of(values);

        assertThat(estimate.outliers()).containsExactly(2, 7);
        assertThat(estimate.n()).isEqualTo(8);
        assertThat(estimate.mean()).isEqualTo(850.0 / 8); // the outliers still count
        assertThat(estimate.toString()).contains("outliers #2=90.0, #7=160.0");
    }

    @Test
    void isNotChangedByItsCallers() {
        double[] values = {1, 2, 3};
        Estimate estimate = Estimate.of(values);

        values[0] = 100;
        estimate.values()[1] = 100;

        assertThat(estimate.values()).containsExactly(1, 2, 3);
        assertThat(estimate.mean()).isEqualTo(2.0);
    }

    @Test
    void rejectsNoValues() {
        assertThatThrownBy(() -> Estimate.of(new double[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an estimate needs at least one trial value, got an empty array");
    }

    @Test
    void rejectsValuesThatAreNotNumbers() {
        assertThatThrownBy(() -> Estimate.of(new double[] {1, 2, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trial value at index 2 is NaN; every trial must give a finite number");
    }

    @Test
    void rejectsALevelOutsideZeroToOne() {
        assertThatThrownBy(() -> Estimate.of(new double[] {1, 2}, 95))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("confidence level must be strictly between 0 and 1 (e.g. 0.95),"
                        + " got 95.0");
    }
}
