package loadlab.experiment;

import static loadlab.experiment.ExperimentAssertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import loadlab.stats.VerdictRule;

/**
 * The error rate of a claim, measured by running it: many simulated experiments, each driving the
 * real {@link ExperimentRunner} (its rounds, looks, stopping rule and time budget) on fake trials of
 * two arms, a baseline {@code a} at 1,000 RPS and {@code b} at {@code truth} times that, disturbed by
 * a {@link Noise}; then the real assertion of {@link ModelAssert} on the result. The share of
 * experiments in which the assertion passes is the claim's pass rate at that truth: with the truth
 * exactly at the claim's threshold it is the false-pass rate, and one minus it, at the effect the
 * experiment expects, is the false-fail rate.
 */
public final class ClaimSimulator {

    static final double BASELINE_RPS = 1000;

    private ClaimSimulator() { }

    /** What disturbs each trial's throughput. */
    public interface Noise {
        double disturb(double rps, SplittableRandom random);

        /**
         * Ordinary noise: the per-round log ratio of the two arms is normal with standard deviation
         * {@code sigma}, each arm's log RPS moved by a normal of sigma / √2, up or down.
         */
        record Normal(double sigma) implements Noise {
            @Override
            public double disturb(double rps, SplittableRandom random) {
                return rps * Math.exp(sigma / Math.sqrt(2) * random.nextGaussian());
            }

            @Override
            public String toString() {
                return String.format(Locale.ROOT, "σ %.2f", sigma);
            }
        }

        /**
         * A hog's one-sided loss: each trial, independently, loses a uniform 0 to {@code maxLoss} of
         * its throughput (0.5: up to half), as a busy core takes from whoever runs beside it.
         */
        record Hog(double maxLoss) implements Noise {
            /** This hog's loss on top of ordinary noise: a busy machine is noisy as well. */
            public Noise with(Noise ordinary) {
                Hog hog = this;
                return new Noise() {
                    @Override
                    public double disturb(double rps, SplittableRandom random) {
                        return hog.disturb(ordinary.disturb(rps, random), random);
                    }

                    @Override
                    public String toString() {
                        return hog + " and " + ordinary;
                    }
                };
            }

            @Override
            public double disturb(double rps, SplittableRandom random) {
                return rps * (1 - maxLoss * random.nextDouble());
            }

            @Override
            public String toString() {
                return String.format(Locale.ROOT, "hog 0-%.2g%%", 100 * maxLoss);
            }
        }
    }

    /** The hog of the lab's stress case: a trial loses up to half its throughput. */
    public static final Noise.Hog HOG = new Noise.Hog(0.5);

    /**
     * How the experiment runs: its rounds, its budget, and how long a round takes (for the budget,
     * on a fake clock).
     */
    public record Schedule(int minRounds, int maxRounds, double budgetSeconds, double secondsPerRound) {
        public static Schedule rounds(int min, int max) {
            return new Schedule(min, max, 1e9, 1);
        }

        @Override
        public String toString() {
            return minRounds + (maxRounds > minRounds ? ".." + maxRounds : "") + " rounds"
                    + (budgetSeconds < 1e8 ? String.format(Locale.ROOT, ", %.0f s of %.0f s a round", budgetSeconds,
                    secondsPerRound) : "");
        }
    }

    /**
     * A kind of assertion: what question it asks the runner to decide, and whether it passes on a
     * result, for a threshold given as a ratio of b to a (for the one-arm kinds, b's RPS over 1,000).
     */
    public enum Kind {
        /** {@link ModelAssert#hasThroughputAtLeastTimes}: the ratio's whole interval at or above the factor. */
        AT_LEAST_TIMES("interval's lower end >= factor", true, true),
        /** {@link ModelAssert#hasThroughputAtMostTimes}: the ratio's whole interval at or below the factor. */
        AT_MOST_TIMES("interval's upper end <= factor", false, true),
        /** {@link ModelAssert#hasThroughputAbove}: HIGHER, the interval above 1 + margin. */
        HIGHER("verdict HIGHER (interval above 1.05)", true, false),
        /** {@link ModelAssert#hasThroughputBelow}: LOWER, the interval below 1 / (1 + margin). */
        LOWER("verdict LOWER (interval below 1/1.05)", false, false),
        /** {@link ModelAssert#servesTheSameAs}: SAME, the interval inside [1/1.1, 1.1]. */
        SAME("verdict SAME (interval inside [1/1.1, 1.1])", false, false),
        /** {@link ModelAssert#isNotLowerThan}: the interval's lower end at or above 1 / (1 + margin). */
        NOT_LOWER("not lower (interval's lower end >= 1/1.05)", true, true),
        /** {@link ModelAssert#isNeitherHigherNorLowerThan}: no verdict of HIGHER or LOWER (an A/A run). */
        NEITHER("neither HIGHER nor LOWER (A/A)", false, false),
        /** {@link ModelAssert#hasThroughputAtMost}: one arm's whole 95% interval at or below a bound. */
        MEAN_AT_MOST("one arm's interval's upper end <= bound", false, false),
        /** {@link ModelAssert#hasThroughputAtLeast}: one arm's whole 95% interval at or above a floor. */
        MEAN_AT_LEAST("one arm's interval's lower end >= floor", true, false),
        /** Removed: every round of b at most the bound, an order statistic of one arm. */
        EVERY_ROUND_AT_MOST("removed: every round <= bound", false, false),
        /** Removed: the best round of b at least the floor. */
        BEST_ROUND_AT_LEAST("removed: best round >= floor", true, false),
        /** Removed: b's best round at least the factor times a's best round. */
        BEST_AT_LEAST_TIMES("removed: best round >= factor x other's best", true, false),
        /** Removed: b's best round at most the factor times a's best round. */
        BEST_AT_MOST_TIMES("removed: best round <= factor x other's best", false, false);

        private final String description;
        private final boolean atLeast;
        private final boolean asksTheFactor;

        Kind(String description, boolean atLeast, boolean asksTheFactor) {
            this.description = description;
            this.atLeast = atLeast;
            this.asksTheFactor = asksTheFactor;
        }

        public String description() {
            return description;
        }

        /** Whether the claim says "at least" (the expected effect lies above the threshold). */
        public boolean atLeast() {
            return atLeast;
        }

        /**
         * The threshold the verdict rule fixes for this kind (1.05 for HIGHER, the band's 1.1 for
         * SAME), or NaN where the claim names its own.
         */
        public double ruleThreshold() {
            return switch (this) {
                case HIGHER -> 1 + VerdictRule.DEFAULT.margin();
                case LOWER, NOT_LOWER -> VerdictRule.DEFAULT.notLowerEdge();
                case SAME -> 1 + VerdictRule.DEFAULT.band();
                default -> Double.NaN;
            };
        }

        /** Whether the lab still makes assertions of this kind. */
        public boolean kept() {
            return !description.startsWith("removed");
        }

        Plan.Builder ask(Plan.Builder plan, double threshold) {
            return asksTheFactor ? plan.compare("b", "a", threshold) : plan.compare("b", "a");
        }

        boolean passes(ExperimentResult r, double threshold) {
            try {
                switch (this) {
                    case AT_LEAST_TIMES -> assertThat(r).model("b").hasThroughputAtLeastTimes(threshold, "a");
                    case AT_MOST_TIMES -> assertThat(r).model("b").hasThroughputAtMostTimes(threshold, "a");
                    case HIGHER -> assertThat(r).model("b").hasThroughputAbove("a");
                    case LOWER -> assertThat(r).model("b").hasThroughputBelow("a");
                    case SAME -> assertThat(r).model("b").servesTheSameAs("a");
                    case NOT_LOWER -> assertThat(r).model("b").isNotLowerThan("a");
                    case NEITHER -> assertThat(r).model("b").isNeitherHigherNorLowerThan("a");
                    case MEAN_AT_MOST -> assertThat(r).model("b").hasThroughputAtMost(threshold * BASELINE_RPS);
                    case MEAN_AT_LEAST -> assertThat(r).model("b").hasThroughputAtLeast(threshold * BASELINE_RPS);
                    case EVERY_ROUND_AT_MOST -> {
                        return best(r, "b") <= threshold * BASELINE_RPS;
                    }
                    case BEST_ROUND_AT_LEAST -> {
                        return best(r, "b") >= threshold * BASELINE_RPS;
                    }
                    case BEST_AT_LEAST_TIMES -> {
                        return best(r, "b") >= threshold * best(r, "a");
                    }
                    case BEST_AT_MOST_TIMES -> {
                        return best(r, "b") <= threshold * best(r, "a");
                    }
                }
                return true;
            } catch (AssertionError failed) {
                return false;
            }
        }

        private static double best(ExperimentResult r, String arm) {
            return Arrays.stream(r.rpsByRound(arm)).max().orElseThrow();
        }
    }

    /**
     * The share of {@code experiments} simulated experiments in which an assertion of {@code kind}
     * with {@code threshold} passes, when b's true throughput is {@code truth} times a's.
     */
    public static double passRate(Kind kind, double threshold, double truth, Noise noise, Schedule schedule,
            int experiments, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int passed = 0;
        for (int i = 0; i < experiments; i++) {
            SplittableRandom trials = random.split();
            FakeClock clock = new FakeClock();
            Duration perTrial = Duration.ofNanos(Math.round(schedule.secondsPerRound() / 2 * 1e9));
            TrialFunction fake = arm -> {
                clock.advance(perTrial);
                double rps = arm.equals("a") ? BASELINE_RPS : BASELINE_RPS * truth;
                return FakeTrials.measurement(noise.disturb(rps, trials), 0);
            };
            Plan plan = kind.ask(Plan.named("simulated").models("a", "b"), threshold)
                    .rounds(schedule.minRounds(), schedule.maxRounds())
                    .budget(Duration.ofNanos(Math.round(schedule.budgetSeconds() * 1e9))).seed(i).build();
            ExperimentResult result;
            try {
                result = new ExperimentRunner(fake, Progress.SILENT, clock).run(plan);
            } catch (Exception e) {
                throw new AssertionError("a simulated experiment failed", e);
            }
            passed += kind.passes(result, threshold) ? 1 : 0;
        }
        return (double) passed / experiments;
    }

    /** The rate at which the claim passes with the truth exactly at its threshold. */
    public static double falsePass(Kind kind, double threshold, Noise noise, Schedule schedule, int experiments, long seed) {
        return passRate(kind, threshold, threshold, noise, schedule, experiments, seed);
    }

    /** The rate at which the claim fails with the truth at the effect the experiment expects. */
    public static double falseFail(Kind kind, double threshold, double expected, Noise noise, Schedule schedule,
            int experiments, long seed) {
        return 1 - passRate(kind, threshold, expected, noise, schedule, experiments, seed);
    }
}
