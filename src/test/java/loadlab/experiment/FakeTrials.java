package loadlab.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import loadlab.load.FailureCategory;
import loadlab.load.TrialResult;

/**
 * A trial function without servers: each model's RPS comes from a script (model and the how-many-th
 * trial of that model give the value), each trial moves a {@link FakeClock} on by a fixed time,
 * and the calls are recorded, so that a test can check the order the runner chose.
 */
public final class FakeTrials implements TrialFunction {

    private final ToDoubleBiFunction<String, Integer> rps;
    private final FakeClock clock;
    private final Duration perTrial;
    private final List<String> calls = new ArrayList<>();
    private final Map<String, Integer> counts = new HashMap<>();

    /** @param rps model and 0-based trial index of that model to the RPS measured */
    public FakeTrials(ToDoubleBiFunction<String, Integer> rps, FakeClock clock, Duration perTrial) {
        this.rps = rps;
        this.clock = clock;
        this.perTrial = perTrial;
    }

    /** Each model's RPS from its own list, trial after trial (the last value repeats). */
    public static FakeTrials scripted(Map<String, double[]> values, FakeClock clock, Duration perTrial) {
        return new FakeTrials((model, i) -> {
            double[] v = values.get(model);
            return v[Math.min(i, v.length - 1)];
        }, clock, perTrial);
    }

    @Override
    public Measurement run(String model) {
        int index = counts.merge(model, 1, Integer::sum) - 1;
        calls.add(model);
        clock.advance(perTrial);
        return measurement(rps.applyAsDouble(model, index), 0);
    }

    /** The models in the order they were run. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /**
     * A plausible measurement of a 2-second window at {@code rps}: a thousand responses of about a
     * millisecond (each in its second of the series), {@code failures} connection resets, and CPU
     * that grows with the requests. The result is recorded once per failure count and given its RPS
     * by its window ({@link TrialResult#withWindow}), so that a simulation of many thousands of
     * experiments costs no recording.
     */
    public static Measurement measurement(double rps, long failures) {
        if (rps == 0) { // served nothing: no responses in the 2 s
            TrialResult r = RECORDED.computeIfAbsent(-1 - failures, key -> record(0, failures));
            return new Measurement(r, new ServerResources(0.01, 2, 40, 1, 80L << 20, 30, 20), List.of(), List.of());
        }
        TrialResult recorded = RECORDED.computeIfAbsent(failures, key -> record(RESPONSES, failures));
        double windowSeconds = RESPONSES / rps;
        TrialResult r = recorded.withWindow(Duration.ofNanos(Math.max(1, Math.round(windowSeconds * 1e9))));
        ServerResources resources = new ServerResources(0.0004 * RESPONSES, windowSeconds, 40, 1, 80L << 20, 30, 20);
        return new Measurement(r, resources, List.of(), List.of());
    }

    private static final int RESPONSES = 1000;
    private static final Map<Long, TrialResult> RECORDED = new java.util.concurrent.ConcurrentHashMap<>();

    private static TrialResult record(int responses, long failures) {
        TrialResult.Builder b = TrialResult.builder(2).window(Duration.ofSeconds(2));
        for (int i = 0; i < responses; i++) {
            b.success(i * 2 / responses, 900 + i % 200, 850 + i % 200);
        }
        for (long i = 0; i < failures; i++) {
            b.failure((int) (i % 2), FailureCategory.CONNECTION_RESET, 0, "connection reset by peer after 0 bytes");
        }
        return b.build();
    }
}
