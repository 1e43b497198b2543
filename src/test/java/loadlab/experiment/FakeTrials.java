package loadlab.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;

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
     * A plausible measurement of a 2-second window at {@code rps}: latency and CPU that grow
     * as the RPS falls, a per-second series, and {@code failures} connection resets.
     */
    public static Measurement measurement(double rps, long failures) {
        double window = 2.0;
        long successes = Math.round(rps * window);
        double p50 = 1e6 / Math.max(rps, 1);
        Latency latency = new Latency(successes, p50 * 1.1, p50, p50 * 1.5, p50 * 3, p50 * 5, p50 * 8);
        List<Second> series = List.of(new Second(0, rps * 0.98, failures / 2, p50 * 3),
                new Second(1, rps * 1.02, failures - failures / 2, p50 * 3));
        ServerResources resources = new ServerResources(0.0004 * successes, window, 40, 1, 80L << 20, 30, 20);
        Map<String, Long> byCategory = failures == 0 ? Map.of() : Map.of("CONNECTION_RESET", failures);
        List<String> examples = failures == 0 ? List.of() : List.of("connection reset by peer after 0 bytes");
        return new Measurement(successes + failures, successes, failures, byCategory, examples, window,
                successes / window, latency, latency, series, resources, List.of(), List.of());
    }
}
