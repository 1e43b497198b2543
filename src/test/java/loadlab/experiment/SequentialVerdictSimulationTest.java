package loadlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import loadlab.stats.Verdict;
import org.junit.jupiter.api.Test;

/**
 * The runner's error rate, measured the only honest way: by running it. Each simulated experiment
 * drives the real {@link ExperimentRunner}, looking after every round and stopping at the first
 * verdict, on fake trials whose per-round log ratio of B over A is normal with a chosen noise σ.
 *
 * <p>With a true ratio of 1, a verdict of HIGHER or LOWER is false: at most 5% of experiments may
 * end on one, for every σ from 0.05 (a quiet machine) to 3 (a machine so busy that one round says
 * nothing), for the defaults and for the rounds of every experiment in the suite. With a true ratio
 * of 1.3 the share that ends on HIGHER is the power. Seeded: every run sees the same experiments.
 */
class SequentialVerdictSimulationTest {

    static final int EXPERIMENTS = 10_000;
    static final double[] SIGMAS = {0.05, 0.1, 0.3, 1, 3};
    static final double FALSE_VERDICT_RATE = 0.05;

    /** The rounds the runner may look at: the defaults, and each experiment's. */
    record Schedule(String usedBy, int minRounds, int maxRounds) { }

    static final List<Schedule> SCHEDULES = List.of(
            new Schedule("the defaults (compare, Plan)", 5, 20),
            new Schedule("ThroughputComparison, NoiseFloor, multi-reactor grading", 5, 8),
            new Schedule("ClosedLoopCeiling, CpuBoundWork", 4, 6),
            new Schedule("ProcessCreationCost", 3, 5),
            new Schedule("BlockingWork", 3, 4));

    /** How the simulated experiments ended. */
    record Outcome(double higher, double lower, double same, double meanRounds) {
        double falseVerdicts() {
            return higher + lower;
        }
    }

    @Test
    void underNoDifferenceAtMostFivePercentOfExperimentsCallOneAndPowerIsReported() {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%-66s %6s  %-28s %8s %8s  %-22s%n", "rounds (used by)", "sigma", "ratio 1: HIGHER+LOWER (95% CI)",
                "SAME", "rounds", "ratio 1.3: HIGHER, rounds"));
        long started = System.nanoTime();
        double worst = 0;
        for (Schedule schedule : SCHEDULES) {
            for (double sigma : SIGMAS) {
                long seed = Double.doubleToLongBits(sigma) * 31 + schedule.minRounds() * 1009L + schedule.maxRounds();
                Outcome none = simulate(schedule, sigma, 1.0, seed);
                Outcome real = simulate(schedule, sigma, 1.3, seed + 1);
                double[] ci = wilson(none.falseVerdicts(), EXPERIMENTS);
                table.append(String.format(Locale.ROOT, "%-66s %6.2f  %6.2f%% (%5.2f..%5.2f%%)        %7.1f%% %8.1f  %6.1f%%, %4.1f%n",
                        schedule.minRounds() + ".." + schedule.maxRounds() + " (" + schedule.usedBy() + ")", sigma,
                        100 * none.falseVerdicts(), 100 * ci[0], 100 * ci[1], 100 * none.same(), none.meanRounds(),
                        100 * real.higher(), real.meanRounds()));
                worst = Math.max(worst, none.falseVerdicts());
                assertThat(none.falseVerdicts())
                        .as("false verdicts, rounds %d..%d, sigma %.2f: HIGHER %.2f%%, LOWER %.2f%%", schedule.minRounds(),
                                schedule.maxRounds(), sigma, 100 * none.higher(), 100 * none.lower())
                        .isLessThanOrEqualTo(FALSE_VERDICT_RATE);
            }
        }
        System.out.print(table);
        System.out.printf(Locale.ROOT, "%d simulated experiments per setting, %d settings; worst false-verdict rate %.2f%%; %.1f s%n",
                EXPERIMENTS, 2 * SCHEDULES.size() * SIGMAS.length, 100 * worst, (System.nanoTime() - started) / 1e9);
    }

    @Test
    void aThirtyPercentDifferenceOnAQuietMachineIsFoundNearlyAlways() {
        // The claim the power figures support: on a quiet machine (sigma 0.05) the default runner finds 1.3x.
        Outcome quiet = simulate(SCHEDULES.get(0), 0.05, 1.3, 7);
        assertThat(quiet.higher()).as("power at 1.3x, sigma 0.05, the defaults").isGreaterThanOrEqualTo(0.99);
    }

    /** {@link #EXPERIMENTS} experiments of arms a and b, b's per-round ratio over a lognormal around {@code ratio}. */
    static Outcome simulate(Schedule schedule, double sigma, double ratio, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int higher = 0;
        int lower = 0;
        int same = 0;
        long rounds = 0;
        FakeClock clock = new FakeClock();
        for (int i = 0; i < EXPERIMENTS; i++) {
            SplittableRandom trials = random.split();
            TrialFunction fake = arm -> FakeTrials.measurement(
                    arm.equals("a") ? 1000 : 1000 * ratio * Math.exp(sigma * trials.nextGaussian()), 0);
            Plan plan = Plan.named("simulated").models("a", "b").compare("b", "a")
                    .rounds(schedule.minRounds(), schedule.maxRounds()).budget(Duration.ofDays(1)).seed(i).build();
            ExperimentResult result;
            try {
                result = new ExperimentRunner(fake, Progress.SILENT, clock).run(plan);
            } catch (Exception e) {
                throw new AssertionError("a simulated experiment failed", e);
            }
            Verdict verdict = result.compare("b", "a").verdict();
            higher += verdict == Verdict.HIGHER ? 1 : 0;
            lower += verdict == Verdict.LOWER ? 1 : 0;
            same += verdict == Verdict.SAME ? 1 : 0;
            rounds += result.rounds();
        }
        return new Outcome((double) higher / EXPERIMENTS, (double) lower / EXPERIMENTS, (double) same / EXPERIMENTS,
                (double) rounds / EXPERIMENTS);
    }

    // Wilson's 95% interval for a proportion: honest near 0, where the textbook one is not.
    static double[] wilson(double p, int n) {
        double z = 1.959964;
        double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / (1 + z * z / n);
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
