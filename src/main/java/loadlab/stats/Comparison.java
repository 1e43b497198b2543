package loadlab.stats;

import java.util.Objects;

import org.apache.commons.math3.stat.inference.TTest;

/**
 * How model A compares with model B when both were measured in the same rounds.
 *
 * <p>Each round gives one value per model, so we compare them pair by pair: the per-round log
 * ratio {@code ln(a_i / b_i)} cancels the drift that hits both models in that round, and a ratio
 * ("11.8x") is what people mean by "faster". Its mean and Student-t interval are turned back
 * into a ratio with {@code exp}: the geometric mean ratio and its interval.
 *
 * <p>The verdict has a noise margin: {@link Verdict#HIGHER} only when the whole ratio interval
 * lies above {@code 1 + margin}, {@link Verdict#LOWER} only when it lies wholly below
 * {@code 1 / (1 + margin)}, otherwise {@link Verdict#INCONCLUSIVE}. In log space those bounds are
 * {@code ±ln(1 + margin)}, so comparing B with A gives exactly the mirrored result; a tiny but
 * "significant" difference is not called a win.
 *
 * <p>Welch's t-test p-value (Commons Math) is reported beside it as the familiar second opinion;
 * it ignores the pairing and the margin, so it does not decide the verdict.
 */
public final class Comparison {

    /** Differences within 5% are treated as noise unless told otherwise. */
    public static final double DEFAULT_MARGIN = 0.05;

    private final String nameA;
    private final String nameB;
    private final Estimate logRatio;
    private final double pValue;
    private final double margin;
    private final Verdict verdict;

    private Comparison(String nameA, String nameB, Estimate logRatio, double pValue,
            double margin) {
        this.nameA = nameA;
        this.nameB = nameB;
        this.logRatio = logRatio;
        this.pValue = pValue;
        this.margin = margin;
        double threshold = Math.log1p(margin);
        // Decided on the log scale, where "B against A" is exactly the negation of "A against B".
        if (logRatio.lower() > threshold) {
            this.verdict = Verdict.HIGHER;
        } else if (logRatio.upper() < -threshold) {
            this.verdict = Verdict.LOWER;
        } else {
            this.verdict = Verdict.INCONCLUSIVE;
        }
    }

    /** A compared with B at a 95% level with a 5% margin. */
    public static Comparison of(String nameA, double[] a, String nameB, double[] b) {
        return of(nameA, a, nameB, b, DEFAULT_MARGIN, Estimate.DEFAULT_LEVEL);
    }

    /**
     * A compared with B; {@code a[i]} and {@code b[i]} must come from the same round.
     *
     * @param margin relative difference treated as noise, e.g. 0.05 for 5%
     * @param level confidence level of the ratio interval, e.g. 0.95
     * @throws IllegalArgumentException if the lengths differ, there are fewer than 2 rounds, a
     *     value is not a positive finite number, or the margin or level is out of range
     */
    public static Comparison of(String nameA, double[] a, String nameB, double[] b,
            double margin, double level) {
        Objects.requireNonNull(nameA, "nameA");
        Objects.requireNonNull(nameB, "nameB");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.length != b.length) {
            throw new IllegalArgumentException(nameA + " has " + a.length + " values but " + nameB
                    + " has " + b.length
                    + "; a paired comparison needs one value of each per round");
        }
        if (a.length < 2) {
            throw new IllegalArgumentException("comparing " + nameA + " with " + nameB
                    + " needs at least 2 rounds to estimate the noise, got " + a.length);
        }
        if (!(margin >= 0 && Double.isFinite(margin))) {
            throw new IllegalArgumentException(
                    "margin must be a finite fraction >= 0 (e.g. 0.05 for 5%), got " + margin);
        }
        requirePositive(nameA, a);
        requirePositive(nameB, b);
        double[] logRatios = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            // ln a - ln b rather than ln(a/b): negating it for B against A is then exact.
            logRatios[i] = Math.log(a[i]) - Math.log(b[i]);
        }
        return new Comparison(nameA, nameB, Estimate.of(logRatios, level),
                new TTest().tTest(a, b), margin);
    }

    private static void requirePositive(String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] > 0 && Double.isFinite(values[i]))) {
                throw new IllegalArgumentException(name + " value in round " + i + " is "
                        + values[i] + "; a ratio needs positive finite values");
            }
        }
    }

    public String nameA() {
        return nameA;
    }

    public String nameB() {
        return nameB;
    }

    /** Number of paired rounds. */
    public int n() {
        return logRatio.n();
    }

    public double level() {
        return logRatio.level();
    }

    public double margin() {
        return margin;
    }

    /** The per-round log ratios {@code ln(a_i / b_i)} and their estimate, for reports. */
    public Estimate logRatio() {
        return logRatio;
    }

    /** A over B as the geometric mean of the per-round ratios: 2.0 means A is twice B. */
    public double ratio() {
        return Math.exp(logRatio.mean());
    }

    public double ratioLower() {
        return Math.exp(logRatio.lower());
    }

    public double ratioUpper() {
        return Math.exp(logRatio.upper());
    }

    /**
     * Welch's two-sided p-value for "the means of a and b differ"; NaN when both samples are
     * constant, since there is then no variance to test against.
     */
    public double pValue() {
        return pValue;
    }

    public Verdict verdict() {
        return verdict;
    }

    /**
     * For example {@code thread-pool / single-threaded = 11.8x (95% CI 10.9..12.8, n=7),
     * Welch p=1.2e-9: HIGHER (margin 5%)}.
     */
    @Override
    public String toString() {
        return nameA + " / " + nameB + " = " + Format.significant(ratio()) + "x ("
                + Format.percent(level()) + " CI " + Format.significant(ratioLower()) + ".."
                + Format.significant(ratioUpper()) + ", n=" + n() + "), Welch p="
                + Format.pValue(pValue) + ": " + verdict + " (margin " + Format.percent(margin)
                + ")";
    }
}
