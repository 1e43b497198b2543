package loadlab.stats;

/**
 * What a {@link Comparison} of model A with model B concludes about A. Four answers, not two:
 * "no difference beyond the band" is a finding (SAME), and "the data show nothing either way" is
 * the honest result of many experiments (INCONCLUSIVE); neither may be rounded to a win.
 * {@link VerdictRule} says how each is decided.
 */
public enum Verdict {
    /** A is higher than B by more than the margin, with the whole confidence interval agreeing. */
    HIGHER,
    /** A is lower than B by more than the margin, with the whole confidence interval agreeing. */
    LOWER,
    /** A and B differ by less than the equivalence band, with the whole interval inside it. */
    SAME,
    /** The interval reaches across the margin and out of the band: no call either way. */
    INCONCLUSIVE;

    /** The verdict seen from the other side: what comparing B with A concludes. */
    public Verdict mirrored() {
        return switch (this) {
            case HIGHER -> LOWER;
            case LOWER -> HIGHER;
            case SAME, INCONCLUSIVE -> this;
        };
    }

    /** HIGHER, LOWER or SAME: a verdict the experiment may stop on. */
    public boolean isConclusive() {
        return this != INCONCLUSIVE;
    }
}
