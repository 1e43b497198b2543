package loadlab.exercises;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Exercise 4: the Student-t confidence interval, by hand.
 *
 * <p>Five trials of a server gave 812, 790, 845, 801 and 826 requests per second. What is its
 * throughput? Not 814.8: that is only this sample's mean, and five more trials would give another.
 * The interval {@code mean ± t · s / √n} is a range that, made this way from many samples, would
 * contain the true mean in 95% of them. Here s is the sample standard deviation (divide by n - 1),
 * and t is the quantile of Student's t distribution with n - 1 degrees of freedom at
 * 1 - (1 - level) / 2 (0.975 for a 95% interval): with few trials it is much larger than the normal
 * distribution's 1.96 (2.776 for n = 5), because s itself is uncertain.
 *
 * <p>Use Commons Math's {@link TDistribution#inverseCumulativeProbability} for the quantile and
 * nothing else from it: the arithmetic is the exercise.
 */
public record ConfidenceInterval(double mean, double lower, double upper, double level, int n) {

    /** The interval for the mean of {@code values} at {@code level} (for example 0.95). */
    public static ConfidenceInterval of(double[] values, double level) {
        if (values.length < 2) {
            throw new IllegalArgumentException("a confidence interval needs at least 2 values, got " + values.length);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must lie strictly between 0 and 1, was " + level);
        }
        // TODO Exercise 4: compute the mean, the sample standard deviation (divide by n - 1), the t quantile at 1 - (1 - level) / 2 with n - 1 degrees of freedom, and return mean ± t · s / √n
        throw new UnsupportedOperationException("Exercise 4: compute the mean, the sample standard deviation (divide by n - 1), the t quantile at 1 - (1 - level) / 2 with n - 1 degrees of freedom, and return mean ± t · s / √n");
    }

    public double halfWidth() {
        return (upper - lower) / 2;
    }

    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.2f (%.0f%% CI %.2f..%.2f, n=%d)", mean, level * 100, lower, upper, n);
    }
}
