package loadlab.stats;

/**
 * How a {@link Comparison} turns its ratio interval into a {@link Verdict}.
 *
 * <ul>
 *   <li>HIGHER when the whole interval lies above {@code 1 + margin}; LOWER when it lies below
 *       {@code 1 / (1 + margin)}: a difference larger than the noise margin, shown;</li>
 *   <li>SAME when the whole interval lies inside the equivalence band
 *       {@code [1 / (1 + band), 1 + band]}: any difference is smaller than the band, shown;</li>
 *   <li>INCONCLUSIVE otherwise: the data show neither.</li>
 * </ul>
 * HIGHER and LOWER are decided first, so a ratio of 1.07 known tightly is HIGHER, not SAME.
 *
 * @param margin relative difference treated as noise, 0.05 for 5%
 * @param band half-width of the equivalence band, 0.10 for [1/1.1, 1.1]
 * @param level the coverage the verdict claims, 0.95: its error rate is at most 1 - level
 * @param lookLevel the level of each interval computed; stricter than {@code level} when the
 *     experiment looks after every round (see {@link RepeatedIntervals})
 */
public record VerdictRule(double margin, double band, double level, double lookLevel) {

    public static final double DEFAULT_MARGIN = 0.05;
    public static final double DEFAULT_BAND = 0.10;

    /** One look at a 95% level, margin 5%, band 10%. */
    public static final VerdictRule DEFAULT = once(DEFAULT_MARGIN, DEFAULT_BAND, Estimate.DEFAULT_LEVEL);

    public VerdictRule {
        if (!(margin >= 0 && Double.isFinite(margin))) {
            throw new IllegalArgumentException("margin must be a finite fraction >= 0 (e.g. 0.05 for 5%), got " + margin);
        }
        if (!(band >= 0 && Double.isFinite(band))) {
            throw new IllegalArgumentException("equivalence band must be a finite fraction >= 0 (e.g. 0.10), got " + band);
        }
        if (!(level > 0 && level < 1) || !(lookLevel >= level && lookLevel < 1)) {
            throw new IllegalArgumentException("levels must lie in (0, 1) with the per-look level at least the claimed one, got "
                    + level + " and " + lookLevel);
        }
    }

    /** A verdict read once, at a fixed number of rounds. */
    public static VerdictRule once(double margin, double band, double level) {
        return new VerdictRule(margin, band, level, level);
    }

    /** A verdict that may be read after any round from {@code minRounds} to {@code maxRounds}. */
    public static VerdictRule sequential(double margin, double band, double level, int minRounds, int maxRounds) {
        return new VerdictRule(margin, band, level, RepeatedIntervals.perLookLevel(minRounds, maxRounds, level));
    }

    /** The lower edge of the noise margin, 1 / (1 + margin): a ratio whose whole interval is above it is not lower. */
    public double notLowerEdge() {
        return 1 / (1 + margin);
    }

    /** Whether the intervals are repeated ones, stricter at each look than the level claimed. */
    public boolean isSequential() {
        return lookLevel > level;
    }

    /** The verdict of a log-ratio interval {@code [lower, upper]}. */
    Verdict decide(double lower, double upper) {
        double noise = Math.log1p(margin);
        double same = Math.log1p(band);
        if (lower > noise) {
            return Verdict.HIGHER;
        }
        if (upper < -noise) {
            return Verdict.LOWER;
        }
        if (lower >= -same && upper <= same) {
            return Verdict.SAME;
        }
        return Verdict.INCONCLUSIVE;
    }

    /** For example {@code 95% repeated CI (99.1% at each look)} or {@code 95% CI}. */
    public String describeInterval() {
        return Format.percent(level) + (isSequential() ? " repeated CI (" + Format.percent(lookLevel, 1) + " at each look)" : " CI");
    }
}
