package loadlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import loadlab.experiment.ClaimSimulator.Kind;
import loadlab.experiment.ClaimSimulator.Noise;
import loadlab.experiment.ClaimSimulator.Schedule;
import org.junit.jupiter.api.Test;

/**
 * <h2>How often does each kind of assertion lie?</h2>
 *
 * <p>Every kind of assertion the experiments could make, run {@value #EXPERIMENTS} times per cell by {@link
 * ClaimSimulator} (the real runner, the real assertion), with the truth exactly at the claim's threshold (a
 * pass is a false pass) and with the truth twice beyond it, in the claim's direction (a fail is a false fail;
 * for SAME and the A/A check, the truth is 1). Two noise models: normal noise of the per-round log ratio, σ
 * from 0.05 to 1, and a hog's one-sided loss, each trial losing a uniform 0 to 50% of its throughput. 5..8
 * rounds, the main experiment's.
 *
 * <p><b>What it shows.</b> The paired interval kinds pass falsely about 2.5% of the time whatever the noise
 * (1.3 to 2.9% measured, within the Monte Carlo error of 2,000 experiments): the repeated interval covers the
 * truth at every look with 95%, and a false pass needs it to miss on one side. One arm's interval against a
 * bound is blind to the hog, which only takes throughput away (99.6%). The order statistics fail outright: at
 * the threshold, the best round passes a floor in 97.8 to 99.7% of experiments under normal noise, under the
 * hog every round stays below a bound the truth sits on, so an "every round at most" bound passes 100%, and
 * best against best passes about half. Those kinds are gone from {@link ModelAssert}; their rows are here to
 * show why. What each experiment's own claims do at its own noise and effect is {@code
 * loadlab.experiments.ClaimErrorRatesTest}.
 */
class AssertionErrorRatesTest {

    static final int EXPERIMENTS = 2_000;
    static final double MAX_FALSE_PASS = 0.05;
    static final Schedule SCHEDULE = Schedule.rounds(5, 8);
    static final List<Noise> NOISES = List.of(new Noise.Normal(0.05), new Noise.Normal(0.1), new Noise.Normal(0.3),
            new Noise.Normal(1), ClaimSimulator.HOG);
    /** The threshold of the kinds whose claim names one: 10x, or 1,000 RPS for one arm (1 of the baseline). */
    static final double FACTOR = 10;

    @Test
    void theIntervalKindsPassFalselyAtMostFivePercentUnderEveryNoiseAndTheOrderStatisticsDoNot() {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%-48s %-26s", "kind (5..8 rounds)", "rate"));
        NOISES.forEach(n -> table.append(String.format(Locale.ROOT, " %10s", n)));
        table.append('\n');
        List<String> broken = new ArrayList<>();
        long started = System.nanoTime();
        for (Kind kind : Kind.values()) {
            double threshold = threshold(kind);
            double effect = effect(kind, threshold);
            StringBuilder pass = new StringBuilder(String.format(Locale.ROOT, "%-48s %-26s", kind.description(),
                    "false pass at " + figure(threshold)));
            StringBuilder fail = new StringBuilder(String.format(Locale.ROOT, "%-48s %-26s", "",
                    "false fail at " + figure(effect)));
            for (Noise noise : NOISES) {
                long seed = kind.ordinal() * 1_000_003L + noise.hashCode();
                double falsePass = kind == Kind.NEITHER
                        ? ClaimSimulator.passRate(kind, threshold, threshold, noise, SCHEDULE, EXPERIMENTS, seed)
                        : ClaimSimulator.falsePass(kind, threshold, noise, SCHEDULE, EXPERIMENTS, seed);
                double falseFail = ClaimSimulator.falseFail(kind, threshold, effect, noise, SCHEDULE, EXPERIMENTS, seed + 1);
                pass.append(String.format(Locale.ROOT, " %9.1f%%", 100 * falsePass));
                fail.append(String.format(Locale.ROOT, " %9.1f%%", 100 * falseFail));
                boolean oneArmUnderTheHog = kind == Kind.MEAN_AT_MOST && noise instanceof Noise.Hog;
                if (kind.kept() && kind != Kind.NEITHER && !oneArmUnderTheHog && falsePass > MAX_FALSE_PASS) {
                    broken.add(kind.description() + " at " + noise + ": " + figure(100 * falsePass) + "% false passes");
                }
            }
            table.append(pass).append('\n').append(fail).append('\n');
        }
        System.out.print(table);
        System.out.printf(Locale.ROOT, "%d simulated experiments per cell; %.1f s%n", EXPERIMENTS,
                (System.nanoTime() - started) / 1e9);
        assertThat(broken).as("kinds the lab asserts with, passing falsely more than 5%% of the time at the threshold")
                .isEmpty();
    }

    // The threshold a kind is tested at: the rule's own, or the factor.
    static double threshold(Kind kind) {
        if (!Double.isNaN(kind.ruleThreshold())) {
            return kind.ruleThreshold();
        }
        return switch (kind) {
            case EVERY_ROUND_AT_MOST, BEST_ROUND_AT_LEAST, MEAN_AT_MOST, MEAN_AT_LEAST -> 1;
            case NEITHER -> 1.3; // an A/A check that misses a 30% difference passes falsely
            default -> FACTOR;
        };
    }

    // The effect a claim of this kind expects in the table: twice beyond its threshold; 1 for SAME and A/A.
    static double effect(Kind kind, double threshold) {
        if (kind == Kind.SAME || kind == Kind.NEITHER) {
            return 1;
        }
        return kind.atLeast() ? 2 * threshold : threshold / 2;
    }

    static String figure(double x) {
        return String.format(Locale.ROOT, "%.3g", x);
    }
}
