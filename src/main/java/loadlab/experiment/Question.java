package loadlab.experiment;

import java.util.Locale;
import java.util.Objects;
import loadlab.stats.Comparison;

/**
 * A comparison an experiment asks about, and what the runner must decide before it stops.
 *
 * <ul>
 *   <li>With no factor ({@code NaN}): is {@code model}'s throughput higher, lower or the same as
 *       {@code baseline}'s? Decided once the verdict is conclusive.</li>
 *   <li>With a factor: on which side of {@code factor} times {@code baseline} does {@code model} lie?
 *       Decided once the ratio's repeated interval lies wholly above or wholly below it. This is the
 *       question a claim such as "at least 10 times" asks: a runner that stopped at the verdict
 *       HIGHER, with the interval still across 10, would fail a claim that more rounds would show.</li>
 * </ul>
 * The runner runs more rounds until each question is decided, or its budget or maximum is spent.
 */
public record Question(String model, String baseline, double factor) {

    public Question {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(baseline, "baseline");
        if (model.equals(baseline)) {
            throw new IllegalArgumentException("a model compared with itself: " + model);
        }
        if (!Double.isNaN(factor) && !(factor > 0 && Double.isFinite(factor))) {
            throw new IllegalArgumentException("the factor of " + model + " against " + baseline
                    + " must be a positive finite number, got " + factor);
        }
    }

    /** The verdict question: higher, lower, or the same. */
    public Question(String model, String baseline) {
        this(model, baseline, Double.NaN);
    }

    /** Whether this question asks about a factor rather than the verdict. */
    public boolean hasFactor() {
        return !Double.isNaN(factor);
    }

    /** Whether the comparison answers this question: its verdict conclusive, or its interval clear of the factor. */
    public boolean isDecidedBy(Comparison c) {
        if (!hasFactor()) {
            return c.verdict().isConclusive();
        }
        return c.ratioLower() >= factor || c.ratioUpper() <= factor;
    }

    @Override
    public String toString() {
        return model + " vs " + baseline + (hasFactor() ? String.format(Locale.ROOT, " against %.3gx", factor) : "");
    }
}
