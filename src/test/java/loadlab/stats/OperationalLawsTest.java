package loadlab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The laws on the course's own figures, and the checks' failure modes. */
class OperationalLawsTest {

    @Test
    void theStudentsSingleProcessThroughputWasTheUsersThinkTimeSpeaking() {
        // 10,000 users, think time between(5, 15) s so Z = 10 s, R = 4.778 s, 644.4 RPS measured.
        LawCheck check = OperationalLaws.checkInteractive(10_000, 10.0, 4.778, 644.4, 0.05);

        assertThat(check.expected()).isCloseTo(10_000 / 14.778, within(1e-9)); // 676.68
        assertThat(check.relativeError()).isCloseTo(0.0477, within(1e-4));
        assertThat(check.holds()).isTrue();
        assertThat(check).hasToString("interactive response time law X = N / (Z + R):"
                + " expected 676.7, observed 644.4, off by 4.8% (tolerance 5%): holds");
    }

    @Test
    void overTheStudentsWholeWindowChanceAccountsForOnePercentNotFive() {
        // K = 644.4/s * 60 s = 38,664 requests. Think sampling: sd(Z) = 10 / sqrt(12) = 2.887 s, and
        // 2.887 / sqrt(38,664) / 14.778 = 0.099%. Edges: cv^2 = 2.887^2 / 14.778^2 = 0.038 (R taken as
        // steady), sqrt(10,000 (1/6 + 2 * 0.038)) / 38,664 = 0.127%. Tolerance 0.5% + 3 * 0.161% = 0.98%.
        var window = new OperationalLaws.ClosedWindow(10_000, 10.0, 10 / Math.sqrt(12), 10.0, 4.778, 0, 38_664, 60);

        assertThat(window.thinkSamplingError()).isCloseTo(0.000993, within(1e-6));
        assertThat(window.edgeError()).isCloseTo(0.001275, within(1e-6));
        LawCheck check = OperationalLaws.checkInteractive(window, 0.005, 0, 0.05);
        assertThat(check.tolerance()).isCloseTo(0.00985, within(1e-5));
        assertThat(check).hasToString("interactive response time law X = N / (Z + R):"
                + " expected 676.7, observed 644.4, off by 4.8% (tolerance 0.98%): DOES NOT HOLD");
    }

    @Test
    void whenTheThinkTimesSamplingAloneExceedsTheCapTheLawTakesZAsDrawn() {
        // 10 users thinking exp(80.9 ms), R = 19 ms (sd 10 ms), 300 requests in 3 s: the sampling is
        // 0.0809 / sqrt(300) / 0.0999 = 4.68%, three of it 14%. The users drew 85 ms on average; with
        // that Z only the edges are left: cv^2 = (0.0809^2 + 0.01^2) / 0.0999^2 = 0.666,
        // sqrt(10 (1/6 + 1.332)) / 300 = 1.29%, tolerance 0.5% + 3 * 1.29% = 4.37%.
        var window = new OperationalLaws.ClosedWindow(10, 0.0809, 0.0809, 0.085, 0.019, 0.010, 300, 3);

        assertThat(window.thinkSamplingError()).isCloseTo(0.0468, within(1e-4));
        LawCheck check = OperationalLaws.checkInteractive(window, 0.005, 0, 0.05);
        assertThat(check.name()).isEqualTo("interactive response time law X = N / (Z + R), Z as drawn");
        assertThat(check.expected()).isCloseTo(10 / (0.085 + 0.019), within(1e-9)); // 96.2/s
        assertThat(check.tolerance()).isCloseTo(0.0437, within(1e-4));
        assertThat(check.holds()).as("X = 100/s, 4.0%% above: %s", check).isTrue();
    }

    @Test
    void theToleranceNeverPassesTheCap() {
        // 20 users thinking exp(1 s), 40 requests: even the edges alone are 3 * 31% away.
        var window = new OperationalLaws.ClosedWindow(20, 1.0, 1.0, 1.0, 0.001, 0, 40, 2);
        assertThat(OperationalLaws.checkInteractive(window, 0.005, 0, 0.05).tolerance()).isEqualTo(0.05);
    }

    @Test
    void noServerCanLiftClosedLoopUsersAboveNOverZ() {
        assertThat(OperationalLaws.interactiveResponseTime(10_000, 10.0, 0.0)).isEqualTo(1000.0);
    }

    @Test
    void littlesLawGivesTheMeanNumberInTheSystem() {
        assertThat(OperationalLaws.littlesLaw(644.4, 4.778)).isCloseTo(3078.9432, within(1e-9));
        assertThat(OperationalLaws.littlesLaw(200, 0.05)).isCloseTo(10.0, within(1e-12));
    }

    @Test
    void aCheckOutsideItsToleranceSaysSoWithBothNumbers() {
        LawCheck check = OperationalLaws.checkLittle(8.0, 200, 0.05, 0.10);

        assertThat(check.expected()).isCloseTo(10.0, within(1e-12));
        assertThat(check.observed()).isEqualTo(8.0);
        assertThat(check.relativeError()).isCloseTo(0.2, within(1e-12));
        assertThat(check.holds()).isFalse();
        assertThat(check).hasToString("Little's law L = X * R: expected 10.00, observed 8.00,"
                + " off by 20.0% (tolerance 10%): DOES NOT HOLD");
    }

    @Test
    void aZeroExpectationIsOnlyMetByZero() {
        assertThat(new LawCheck("idle", 0, 0, 0.05).holds()).isTrue();
        assertThat(new LawCheck("idle", 0, 1, 0.05).relativeError()).isInfinite();
    }

    @Test
    void rejectsImpossibleInputsWithTheirName() {
        assertThatThrownBy(() -> OperationalLaws.littlesLaw(-1, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("throughput must be a finite number >= 0, got -1.0");
        assertThatThrownBy(() -> OperationalLaws.interactiveResponseTime(-5, 10, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("users must be >= 0, got -5");
        assertThatThrownBy(() -> OperationalLaws.interactiveResponseTime(10, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("think time + response time is 0 s:"
                        + " the law predicts unbounded throughput");
        assertThatThrownBy(() -> OperationalLaws.checkLittle(1, 10, Double.NaN, 0.05))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mean response time must be a finite number >= 0, got NaN");
        assertThatThrownBy(() -> OperationalLaws.checkLittle(1, 10, 0.1, -0.05))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Little's law L = X * R: tolerance must be a finite fraction >= 0"
                        + " (e.g. 0.05 for 5%), got -0.05");
    }
}
