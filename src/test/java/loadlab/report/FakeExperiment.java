package loadlab.report;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.ExperimentRunner;
import loadlab.experiment.FakeClock;
import loadlab.experiment.Measurement;
import loadlab.experiment.Plan;
import loadlab.experiment.Progress;
import loadlab.experiment.ServerResources;
import loadlab.experiment.TrialFunction;
import loadlab.load.FailureCategory;
import loadlab.load.TrialResult;
import loadlab.load.Warning;
import loadlab.stats.LawCheck;

/**
 * An experiment without servers whose report has something of everything to show: ratios from
 * 1/400 (process-per-connection against thread-pool) to 60 (thread-pool against single-threaded),
 * one comparison of each verdict, an A/A pair, the suite's longest model names, a rejected trial,
 * failures, law checks and a typed warning. The real runner decides it, in well under a second.
 */
final class FakeExperiment {

    static final String NAME = "fake-throughput";
    /** Each arm's RPS, round by round; the runner stops after round 8, the maximum, for one stays undecided. */
    static final Map<String, double[]> RPS = Map.of(
            "single-threaded", new double[] {91, 93, 89, 92, 90, 91, 92, 90},
            "thread-pool", new double[] {5483, 5400, 5550, 5460, 5520, 5490, 5430, 5500},
            "process-per-connection", new double[] {13.7, 14.1, 13.5, 13.9, 13.6, 13.8, 14.0, 13.6},
            "thread-per-connection", new double[] {4390, 6750, 4990, 6550, 4690, 6310, 5160, 6050},
            "event-loop", new double[] {6000, 6100, 5950, 6050, 6020, 5980, 6070, 6010},
            "event-loop#2", new double[] {6060, 6039, 5980, 6020, 6020, 6040, 6009, 6010},
            "event-loop-offload", new double[] {6180, 6222, 6188, 6232, 6140, 6159, 6313, 6190});
    /** The round whose process-per-connection trial is rejected the first time, its law broken. */
    static final int REJECTED_ROUND = 2;

    private FakeExperiment() { }

    static ExperimentResult run() throws Exception {
        FakeClock clock = new FakeClock();
        Map<String, Integer> seen = new HashMap<>();
        boolean[] rejectedOnce = {false};
        TrialFunction trials = model -> {
            clock.advance(Duration.ofSeconds(4));
            int i = seen.getOrDefault(model, 0);
            if (model.equals("process-per-connection") && i == REJECTED_ROUND - 1 && !rejectedOnce[0]) {
                rejectedOnce[0] = true;
                return broken(measurement(model, 9.5));
            }
            seen.put(model, i + 1);
            return checked(model, measurement(model, RPS.get(model)[i]));
        };
        Plan plan = Plan.named(NAME)
                .models("single-threaded", "thread-pool", "process-per-connection", "thread-per-connection",
                        "event-loop", "event-loop", "event-loop-offload")
                .compare("thread-pool", "single-threaded").compare("process-per-connection", "thread-pool")
                .compare("thread-per-connection", "thread-pool").compare("event-loop#2", "event-loop")
                .compare("event-loop-offload", "event-loop")
                .rounds(5, 8).budget(Duration.ofHours(1)).seed(77)
                .condition("work", "sleep:10ms").condition("load", "closed loop, 64 users").build();
        return new ExperimentRunner(trials, Progress.SILENT, clock).run(plan);
    }

    /** Each model's median latency in the fake, in microseconds: from a loopback echo to a JVM started per request. */
    static final Map<String, Long> LATENCY = Map.of("single-threaded", 700_000L, "thread-pool", 11_600L,
            "process-per-connection", 4_600_000L, "thread-per-connection", 11_400L, "event-loop", 10_600L,
            "event-loop#2", 10_600L, "event-loop-offload", 10_300L);
    private static final int RESPONSES = 1000;
    private static final Map<String, TrialResult> RECORDED = new HashMap<>();

    // A thousand responses around the model's latency with a tail to three times it, over a window
    // that gives the RPS asked for; process-per-connection also has two connection resets.
    private static Measurement measurement(String model, double rps) {
        TrialResult recorded = RECORDED.computeIfAbsent(model, m -> {
            TrialResult.Builder b = TrialResult.builder(2).window(Duration.ofSeconds(2));
            long median = LATENCY.get(m);
            for (int i = 0; i < RESPONSES; i++) {
                long latency = i < 500 ? median * (80 + i / 25) / 100 : median * (100 + (i - 500) * (i - 500) / 1250) / 100;
                b.success(i * 2 / RESPONSES, latency, latency * 9 / 10);
            }
            if (m.equals("process-per-connection")) {
                for (int i = 0; i < 2; i++) {
                    b.failure(i, FailureCategory.CONNECTION_RESET, 0, "connection reset by peer after 0 bytes");
                }
            }
            return b.build();
        });
        double window = recorded.successes() / rps;
        return new Measurement(recorded.withWindow(Duration.ofNanos(Math.round(window * 1e9))),
                new ServerResources(0.0004 * RESPONSES, window, 40, 1, 80L << 20, 30, 20), List.of(), List.of());
    }

    // Both laws hold; thread-per-connection also warns that requests were cut short.
    private static Measurement checked(String model, Measurement m) {
        TrialResult load = m.load();
        if (model.equals("thread-per-connection")) {
            load = TrialResult.builder(0).add(load).warning(new Warning(Warning.Kind.CUT_SHORT,
                    "2 requests were still out at the hard stop and were counted as read timeouts")).build();
        }
        List<LawCheck> laws = List.of(new LawCheck("Little's law L = X R", 1.000, 1.004, Measurement.LITTLE_TOLERANCE),
                new LawCheck("interactive response time law X = N / (Z + R)", 3200, 3190, 0.012));
        return new Measurement(load, m.resources(), laws, List.of());
    }

    private static Measurement broken(Measurement m) {
        LawCheck law = new LawCheck("Little's law L = X R", 10.0, 12.0, Measurement.LAW_TOLERANCE);
        return new Measurement(m.load(), m.resources(), List.of(law), List.of(law.toString(),
                "the load generator was the bottleneck: its JVM used 1.96 of 2 cores"));
    }
}
