package loadlab.stats;

import java.util.Objects;

/**
 * One operational law checked against a trial: what the law predicts, what was measured, and
 * whether they agree within a stated tolerance. A check that fails means the measurement, not
 * the law, is broken (a leaking counter, a generator that cannot keep up, a window cut wrong),
 * so it is shown with both numbers rather than as a bare boolean.
 *
 * @param name the law, with its formula, as a reader should see it
 * @param expected what the law predicts from the other measured quantities
 * @param observed what the trial measured directly
 * @param tolerance largest relative error that still counts as agreement, e.g. 0.05 for 5%
 */
public record LawCheck(String name, double expected, double observed, double tolerance) {

    public LawCheck {
        Objects.requireNonNull(name, "name");
        if (!Double.isFinite(expected) || !Double.isFinite(observed)) {
            throw new IllegalArgumentException(name + ": expected (" + expected
                    + ") and observed (" + observed + ") must be finite numbers");
        }
        if (!(tolerance >= 0 && Double.isFinite(tolerance))) {
            throw new IllegalArgumentException(name + ": tolerance must be a finite fraction >= 0"
                    + " (e.g. 0.05 for 5%), got " + tolerance);
        }
    }

    /** |observed - expected| / |expected|; 0 when both are 0, infinite when only expected is. */
    public double relativeError() {
        if (expected == 0) {
            return observed == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(observed - expected) / Math.abs(expected);
    }

    public boolean holds() {
        return relativeError() <= tolerance;
    }

    /**
     * For example {@code Little's law L = X * R: expected 5.000, observed 4.900, off by 2.0%
     * (tolerance 5%): holds}.
     */
    @Override
    public String toString() {
        int decimals = Format.decimalsFor(expected);
        return name + ": expected " + Format.fixed(expected, decimals)
                + ", observed " + Format.fixed(observed, decimals)
                + ", off by " + Format.percent(relativeError(), 1)
                + " (tolerance " + Format.percentUpTo(tolerance, 2) + "): "
                + (holds() ? "holds" : "DOES NOT HOLD");
    }
}
