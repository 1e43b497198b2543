package loadlab.stats;

/**
 * What a {@link Comparison} of model A with model B concludes about A. Three answers, not two,
 * because "the data do not show a difference larger than the noise margin" is the honest result
 * of many experiments and must not be rounded to a win.
 */
public enum Verdict {
    /** A is higher than B by more than the margin, with the whole confidence interval agreeing. */
    HIGHER,
    /** A is lower than B by more than the margin, with the whole confidence interval agreeing. */
    LOWER,
    /** The interval reaches into the margin around "equal": no call either way. */
    INCONCLUSIVE;

    /** The verdict seen from the other side: what comparing B with A concludes. */
    public Verdict mirrored() {
        return switch (this) {
            case HIGHER -> LOWER;
            case LOWER -> HIGHER;
            case INCONCLUSIVE -> INCONCLUSIVE;
        };
    }
}
