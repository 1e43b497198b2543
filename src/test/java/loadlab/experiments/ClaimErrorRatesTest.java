package loadlab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import loadlab.experiment.ClaimSimulator;
import loadlab.experiment.ClaimSimulator.Kind;
import loadlab.experiment.ClaimSimulator.Noise;
import loadlab.experiment.ClaimSimulator.Schedule;
import org.junit.jupiter.api.Test;

/**
 * <h2>How often would each experiment's claims lie?</h2>
 *
 * <p>Every throughput claim an experiment asserts, simulated {@value #EXPERIMENTS} times by
 * {@link ClaimSimulator} with the experiment's own rounds, budget and time per round: the false-pass
 * rate with the truth exactly at the claim's threshold, and the false-fail rate at the effect the
 * experiment expects, under the ordinary noise measured for it (σ of the per-round log ratio) and under
 * a hog's loss on top of that noise (each trial losing a uniform 0 to 50% of its throughput). Each must
 * be at most 5%. Where it was not, the experiment got more rounds, a larger effect, or the prediction
 * the sound statistic supports; the factors are the experiments' own constants, so a change to one is
 * checked here.
 *
 * <p>The expected effects and σ come from three runs of the experiments on 2026-12-07 (2 cores, JDK 25),
 * two with other builds running beside them and one on a quiet machine (a CI run): the ratio each
 * comparison printed, and the largest σ of the three (the quiet run's was the largest for the echo,
 * 0.299). A claim whose throughput a hog cannot move (a
 * closed loop whose think time sets it) is simulated with the loss the hog can cause there, and says so.
 */
class ClaimErrorRatesTest {

    static final int EXPERIMENTS = 2_000;
    static final double MAX_RATE = 0.05;
    /** The measured σ as it is: the largest of three runs, two of them with builds beside them. */
    static final double SIGMA_ROOM = 1;

    /**
     * One claim: its kind and threshold (the experiment's constant), the effect the experiment
     * expects and the σ measured, the schedule it runs, and the hog's loss it can suffer.
     */
    record Claim(String experiment, String claim, Kind kind, double threshold, double expected, double sigma,
                 Schedule schedule, Noise.Hog hog) {
        Claim(String experiment, String claim, Kind kind, double threshold, double expected, double sigma,
              Schedule schedule) {
            this(experiment, claim, kind, threshold, expected, sigma, schedule, ClaimSimulator.HOG);
        }
    }

    static final Schedule WAITING = new Schedule(5, 8, 100, 17);
    static final Schedule ECHO = new Schedule(4, 8, 80, 14.8);
    static final Schedule PROCESS = new Schedule(4, 6, 60, 9.3);
    static final Schedule SEED = new Schedule(3, 5, 90, 13.7);
    static final Schedule CPU = new Schedule(5, 8, 50, 6.8);
    static final Schedule BLOCKING = new Schedule(4, 6, 85, 13.8);
    static final Schedule CEILING = new Schedule(4, 6, 70, 12);
    static final Schedule IDLE = new Schedule(3, 5, 85, 15.3);
    static final Schedule SLOW = new Schedule(3, 5, 60, 15);
    static final Schedule REACTOR = new Schedule(6, 12, 75, 6.3);

    /**
     * Each claim with the effect and σ measured for it: the runs of 2026-12-07, the largest σ of three. NoiseFloorTest's A/A claim is the verdict rule's own false-verdict
     * rate, which SequentialVerdictSimulationTest checks.
     */
    static List<Claim> claims() {
        List<Claim> claims = new ArrayList<>();
        String tc = "ThroughputComparison";
        double waiting = ThroughputComparisonTest.WAITING_FACTOR;
        claims.add(new Claim(tc, "thread-pool >= 10x single-threaded", Kind.AT_LEAST_TIMES, waiting, 63.4, 0.049, WAITING));
        claims.add(new Claim(tc, "virtual-threads >= 10x single-threaded", Kind.AT_LEAST_TIMES, waiting, 61.7, 0.037, WAITING));
        claims.add(new Claim(tc, "thread-per-connection >= 10x single-threaded", Kind.AT_LEAST_TIMES, waiting, 47.5, 0.107, WAITING));
        claims.add(new Claim(tc, "event-loop-offload >= 10x single-threaded", Kind.AT_LEAST_TIMES, waiting, 57.7, 0.045, WAITING));
        claims.add(new Claim(tc, "event-loop <= 3x single-threaded", Kind.AT_MOST_TIMES,
                ThroughputComparisonTest.ONE_AT_A_TIME_FACTOR, 1.004, 0.02, WAITING));
        claims.add(new Claim(tc, "process-per-connection <= 0.01x single-threaded", Kind.AT_MOST_TIMES,
                ThroughputComparisonTest.ECHO_FACTOR, 0.00189, 0.299, ECHO));
        String pc = "ProcessCreationCost";
        claims.add(new Claim(pc, "process-per-connection <= 0.01x single-threaded", Kind.AT_MOST_TIMES,
                ProcessCreationCostTest.PER_CONNECTION_FACTOR, 0.00209, 0.405, PROCESS));
        claims.add(new Claim(pc, "prefork >= 20x process-per-connection", Kind.AT_LEAST_TIMES,
                ProcessCreationCostTest.PREFORK_FACTOR, 375, 0.403, PROCESS));
        claims.add(new Claim(pc, "prefork >= 0.25x single-threaded", Kind.AT_LEAST_TIMES,
                ProcessCreationCostTest.PREFORK_SHARE, 0.70, 0.141, PROCESS));
        claims.add(new Claim("SeedServers", "multiprocess.py <= 0.2x singleprocess.py", Kind.AT_MOST_TIMES,
                SeedServersTest.MULTI_AT_MOST, 0.036, 0.232, SEED));
        claims.add(new Claim("CpuBoundWork", "thread-pool <= 2 x cores x single-threaded", Kind.AT_MOST_TIMES,
                CpuBoundWorkTest.CORE_ALLOWANCE * 2, 1.64, 0.278, CPU));
        String bw = "BlockingWork";
        for (Object[] c : new Object[][] {{"event-loop", 1, 1.009}, {"prefork", 2, 1.98}, {"thread-pool", 8, 8.46},
                {"event-loop-offload", 8, 8.82}}) {
            int concurrency = (Integer) c[1];
            double expected = (Double) c[2];
            claims.add(new Claim(bw, c[0] + " >= " + concurrency + " / " + BlockingWorkTest.WITHIN + " x single-threaded",
                    Kind.AT_LEAST_TIMES, concurrency / BlockingWorkTest.WITHIN, expected, 0.05, BLOCKING));
            claims.add(new Claim(bw, c[0] + " <= " + concurrency + " x " + BlockingWorkTest.WITHIN + " x single-threaded",
                    Kind.AT_MOST_TIMES, concurrency * BlockingWorkTest.WITHIN, expected, 0.05, BLOCKING));
        }
        claims.add(new Claim(bw, "thread-pool >= 4x single-threaded", Kind.AT_LEAST_TIMES,
                BlockingWorkTest.CONCURRENT_FACTOR, 8.46, 0.05, BLOCKING));
        claims.add(new Claim(bw, "thread-per-connection >= 4x single-threaded", Kind.AT_LEAST_TIMES,
                BlockingWorkTest.CONCURRENT_FACTOR, 19.7, 0.361, BLOCKING));
        claims.add(new Claim(bw, "event-loop-offload >= 4x event-loop", Kind.AT_LEAST_TIMES,
                BlockingWorkTest.OFFLOAD_FACTOR, 8.75, 0.05, BLOCKING));
        // The think time sets the throughput: a hog stretches the response time R (about 1 ms of the
        // 1 s cycle), so it can take at most R / (Z + R) of a trial's throughput, not half.
        Noise.Hog thinkBound = new Noise.Hog(0.5 * 0.001 / 1.001);
        String cl = "ClosedLoopCeiling";
        claims.add(new Claim(cl, "each model's mean <= 1.1 N / Z", Kind.MEAN_AT_MOST,
                ClosedLoopCeilingTest.CEILING_HIGH, 1.0, 0.028, CEILING, thinkBound));
        claims.add(new Claim(cl, "each model's mean >= 0.9 N / Z", Kind.MEAN_AT_LEAST,
                ClosedLoopCeilingTest.CEILING_LOW, 1.0, 0.028, CEILING, thinkBound));
        claims.add(new Claim(cl, "thread-per-connection, prefork SAME as single-threaded", Kind.SAME,
                Kind.SAME.ruleThreshold(), 1.0, 0.028, CEILING, thinkBound));
        claims.add(new Claim("IdleConnections", "10,000 held: the probe >= 0.3x without", Kind.AT_LEAST_TIMES,
                IdleConnectionsTest.PROBE_SHARE, 0.94, 0.201, IDLE));
        claims.add(new Claim("SlowClients", "16 slowloris: the fast users >= 0.3x without", Kind.AT_LEAST_TIMES,
                SlowClientsTest.KEEPS_SHARE, 1.0, 0.039, SLOW));
        claims.add(new Claim("MultiReactor grading", "multi-reactor not lower than event-loop", Kind.NOT_LOWER,
                Kind.NOT_LOWER.ruleThreshold(), 1.8, 0.264, REACTOR));
        return claims;
    }

    @Test
    void everyClaimPassesFalselyAndFailsFalselyAtMostFivePercentOfTheTime() {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-22s %-56s %8s %8s %6s  %-20s %9s %9s %9s %9s%n",
                "experiment", "claim", "threshold", "expected", "sigma", "rounds", "pass/σ", "fail/σ", "pass/hog", "fail/hog"));
        List<String> over = new ArrayList<>();
        long seed = 1;
        for (Claim c : claims()) {
            Noise ordinary = new Noise.Normal(SIGMA_ROOM * c.sigma());
            Noise busy = c.hog().with(ordinary);
            double[] rates = {
                ClaimSimulator.falsePass(c.kind(), c.threshold(), ordinary, c.schedule(), EXPERIMENTS, seed++),
                ClaimSimulator.falseFail(c.kind(), c.threshold(), c.expected(), ordinary, c.schedule(), EXPERIMENTS, seed++),
                ClaimSimulator.falsePass(c.kind(), c.threshold(), busy, c.schedule(), EXPERIMENTS, seed++),
                ClaimSimulator.falseFail(c.kind(), c.threshold(), c.expected(), busy, c.schedule(), EXPERIMENTS, seed++)};
            table.append(String.format(Locale.ROOT, "%-22s %-56s %8.3g %8.3g %6.3f  %-20s %8.1f%% %8.1f%% %8.1f%% %8.1f%%%n",
                    c.experiment(), c.claim(), c.threshold(), c.expected(), c.sigma(),
                    c.schedule().minRounds() + ".." + c.schedule().maxRounds() + " (" + c.hog() + ")",
                    100 * rates[0], 100 * rates[1], 100 * rates[2], 100 * rates[3]));
            String[] names = {"false pass, ordinary noise", "false fail, ordinary noise", "false pass, hog", "false fail, hog"};
            for (int i = 0; i < rates.length; i++) {
                if (rates[i] > MAX_RATE) {
                    over.add(String.format(Locale.ROOT, "%s, %s: %s %.1f%%", c.experiment(), c.claim(), names[i], 100 * rates[i]));
                }
            }
        }
        System.out.print(table);
        assertThat(over).as("claims whose error rate is over 5%%").isEmpty();
    }
}
