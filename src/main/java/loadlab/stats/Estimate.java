package loadlab.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * What a handful of trials say about one model: the mean with a Student-t confidence interval,
 * and the spread that interval comes from.
 *
 * <p>Each value is one trial (one fresh server, one measurement window), so the trials are the
 * independent samples; requests inside a trial are not. With so few trials (5 to 10) the normal
 * 1.96 would be too optimistic, hence Student's t with n-1 degrees of freedom.
 *
 * <p>One trial says nothing about spread: with {@code n = 1} the standard deviation and CV are
 * NaN and the interval is infinite ({@code -Infinity..+Infinity}), so anything built on it, such
 * as a verdict, stays undecided. Tukey outliers are flagged, never dropped: a strange trial is a
 * finding to look at, not noise to hide.
 */
public final class Estimate {

    /** The level used by {@link #of(double[])}: the lab's convention for "95% CI". */
    public static final double DEFAULT_LEVEL = 0.95;

    private final double[] values;
    private final double level;
    private final double mean;
    private final double median;
    private final double standardDeviation;
    private final double halfWidth;
    private final List<Integer> outliers;

    private Estimate(double[] values, double level) {
        this.values = values;
        this.level = level;
        int n = values.length;
        this.mean = StatUtils.mean(values);
        // R-7, the default of R, numpy and spreadsheets, so a student can check the quartiles.
        Percentile quartiles = new Percentile().withEstimationType(EstimationType.R_7);
        quartiles.setData(values);
        this.median = quartiles.evaluate(50);
        if (n == 1) {
            this.standardDeviation = Double.NaN;
            this.halfWidth = Double.POSITIVE_INFINITY;
        } else {
            this.standardDeviation = Math.sqrt(StatUtils.variance(values)); // n-1 denominator
            // BEGIN ANSWER Exercise 4, the students' hand-out has instead: this.halfWidth = loadlab.exercises.ConfidenceInterval.of(values, level).halfWidth();
            double t = StudentT.quantile(n - 1, 1 - (1 - level) / 2);
            this.halfWidth = t * standardDeviation / Math.sqrt(n);
            // END ANSWER
        }
        this.outliers = tukeyOutliers(values, quartiles.evaluate(25), quartiles.evaluate(75));
    }

    /** The estimate with a 95% confidence interval. */
    public static Estimate of(double[] values) {
        return of(values, DEFAULT_LEVEL);
    }

    /**
     * The estimate with a confidence interval at {@code level} (for example 0.95 or 0.99).
     *
     * @throws IllegalArgumentException if there are no values, a value is NaN or infinite, or
     *     the level is not strictly between 0 and 1
     */
    public static Estimate of(double[] values, double level) {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException(
                    "an estimate needs at least one trial value, got an empty array");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException(
                    "confidence level must be strictly between 0 and 1 (e.g. 0.95), got " + level);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("trial value at index " + i + " is " + values[i]
                        + "; every trial must give a finite number");
            }
        }
        return new Estimate(values.clone(), level); // our own copy keeps the estimate immutable
    }

    // Beyond 1.5 IQR from the quartiles: Tukey's rule, simple enough to check by hand.
    private static List<Integer> tukeyOutliers(double[] values, double q1, double q3) {
        double iqr = q3 - q1;
        double low = q1 - 1.5 * iqr;
        double high = q3 + 1.5 * iqr;
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] < low || values[i] > high) {
                indices.add(i);
            }
        }
        return List.copyOf(indices);
    }

    /** A copy of the trial values, in the order given. */
    public double[] values() {
        return values.clone();
    }

    public int n() {
        return values.length;
    }

    public double level() {
        return level;
    }

    public double mean() {
        return mean;
    }

    public double median() {
        return median;
    }

    /** Sample standard deviation (n-1 denominator); NaN when n = 1. */
    public double standardDeviation() {
        return standardDeviation;
    }

    public double min() {
        return StatUtils.min(values);
    }

    public double max() {
        return StatUtils.max(values);
    }

    /** Standard deviation relative to |mean|; NaN when n = 1, infinite or NaN for a zero mean. */
    public double coefficientOfVariation() {
        return standardDeviation / Math.abs(mean);
    }

    /** Half the width of the confidence interval: t(1 - (1-level)/2, n-1) * s / sqrt(n). */
    public double halfWidth() {
        return halfWidth;
    }

    /** Half-width relative to |mean|: 0.02 means "known to within about 2%". */
    public double relativeHalfWidth() {
        return halfWidth / Math.abs(mean);
    }

    public double lower() {
        return mean - halfWidth;
    }

    public double upper() {
        return mean + halfWidth;
    }

    /** Indices (into {@link #values()}) of the trials outside the Tukey fences, ascending. */
    public List<Integer> outliers() {
        return outliers;
    }

    /** For example {@code 812.3 ± 14.2 (95% CI 798.1..826.5, n=7, CV 1.9%)}. */
    @Override
    public String toString() {
        int decimals = Format.decimalsFor(mean);
        String text = Format.fixed(mean, decimals) + " ± " + Format.fixed(halfWidth, decimals)
                + " (" + Format.percent(level) + " CI " + Format.fixed(lower(), decimals) + ".."
                + Format.fixed(upper(), decimals) + ", n=" + n() + ", CV "
                + (n() == 1 ? "n/a" : Format.percent(coefficientOfVariation(), 1));
        if (n() == 1) {
            text += "; one trial gives no spread, so the interval is unbounded";
        }
        if (!outliers.isEmpty()) {
            text += ", outliers " + outlierText(decimals);
        }
        return text + ")";
    }

    private String outlierText(int decimals) {
        StringBuilder text = new StringBuilder();
        for (int index : outliers) {
            text.append(text.isEmpty() ? "" : ", ").append('#').append(index).append('=')
                    .append(Format.fixed(values[index], decimals));
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Estimate that
                && level == that.level
                && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Double.hashCode(level);
    }
}
