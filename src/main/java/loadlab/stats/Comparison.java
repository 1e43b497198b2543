package loadlab.stats;

import java.util.Objects;

/**
 * How model A compares with model B when both were measured in the same rounds.
 *
 * <p>Each round gives one value per model, so we compare them pair by pair: the per-round log
 * ratio {@code ln(a_i / b_i)} cancels the drift that hits both models in that round, and a ratio
 * ("11.8x") is what people mean by "faster". Its mean and Student-t interval are turned back
 * into a ratio with {@code exp}: the geometric mean ratio and its interval. The verdict comes from
 * that interval by a {@link VerdictRule}: a noise margin for HIGHER and LOWER, an equivalence band
 * for SAME. Decided on the log scale, comparing B with A gives exactly the mirrored result.
 *
 * <p>The p-value beside it is the paired t-test on the same log ratios (is their mean 0?), so it
 * agrees with the interval: HIGHER or LOWER implies p below {@code 1 - lookLevel}. A difference can
 * be "significant" (small p) and still inside the margin: that is no win.
 */
public final class Comparison {

    private final String nameA;
    private final String nameB;
    private final Estimate logRatio;
    private final double pairedP;
    private final VerdictRule rule;
    private final Verdict verdict;

    private Comparison(String nameA, String nameB, Estimate logRatio, double pairedP, VerdictRule rule) {
        this.nameA = nameA;
        this.nameB = nameB;
        this.logRatio = logRatio;
        this.pairedP = pairedP;
        this.rule = rule;
        this.verdict = rule.decide(logRatio.lower(), logRatio.upper());
    }

    /** A compared with B, read once at a 95% level, margin 5%, band 10%. */
    public static Comparison of(String nameA, double[] a, String nameB, double[] b) {
        return of(nameA, a, nameB, b, VerdictRule.DEFAULT);
    }

    /**
     * A compared with B; {@code a[i]} and {@code b[i]} must come from the same round.
     *
     * @throws IllegalArgumentException if the lengths differ, there are fewer than 2 rounds, or a
     *     value is not a positive finite number
     */
    public static Comparison of(String nameA, double[] a, String nameB, double[] b, VerdictRule rule) {
        Objects.requireNonNull(nameA, "nameA");
        Objects.requireNonNull(nameB, "nameB");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(rule, "rule");
        if (a.length != b.length) {
            throw new IllegalArgumentException(nameA + " has " + a.length + " values but " + nameB
                    + " has " + b.length + "; a paired comparison needs one value of each per round");
        }
        if (a.length < 2) {
            throw new IllegalArgumentException("comparing " + nameA + " with " + nameB
                    + " needs at least 2 rounds to estimate the noise, got " + a.length);
        }
        requirePositive(nameA, a);
        requirePositive(nameB, b);
        double[] logRatios = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            // ln a - ln b rather than ln(a/b): negating it for B against A is then exact.
            logRatios[i] = Math.log(a[i]) - Math.log(b[i]);
        }
        Estimate estimate = Estimate.of(logRatios, rule.lookLevel());
        double t = estimate.mean() / (estimate.standardDeviation() / Math.sqrt(a.length));
        return new Comparison(nameA, nameB, estimate, StudentT.twoSidedP(a.length - 1, t), rule);
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

    public VerdictRule rule() {
        return rule;
    }

    /** The per-round log ratios {@code ln(a_i / b_i)} and their estimate (at the per-look level). */
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
     * The paired t-test's two-sided p-value for "the mean log ratio is 0"; 0 when every round gave
     * the same ratio other than 1, NaN when every ratio was exactly 1.
     */
    public double pairedP() {
        return pairedP;
    }

    public Verdict verdict() {
        return verdict;
    }

    /**
     * For example {@code thread-pool / single-threaded = 11.8x (95% CI 11.6..11.9, n=4), paired
     * p=3.2e-6: HIGHER (margin 5%, band 10%)}.
     */
    @Override
    public String toString() {
        return nameA + " / " + nameB + " = " + Format.significant(ratio()) + "x (" + rule.describeInterval() + " "
                + Format.significant(ratioLower()) + ".." + Format.significant(ratioUpper()) + ", n=" + n()
                + "), paired p=" + Format.pValue(pairedP) + ": " + verdict + " (margin " + Format.percent(rule.margin())
                + ", band " + Format.percent(rule.band()) + ")";
    }
}
