package loadlab.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import loadlab.stats.Comparison;
import loadlab.stats.Estimate;
import loadlab.stats.Verdict;

/**
 * Everything an experiment measured, and the estimates and comparisons computed from it.
 *
 * <p>A round in which a model served nothing has an RPS of 0, and a ratio with 0 has no
 * logarithm; for comparisons only, such a value counts as half a request in the window (a
 * continuity correction), so that "served nothing" compares as "far lower" instead of breaking
 * the comparison. Estimates use the values as measured.
 */
public record ExperimentResult(Plan plan, List<Trial> trials, StopReason stopReason, String stopMessage,
                               Instant startedAt, Duration elapsed, Machine machine) {

    public ExperimentResult {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(stopReason, "stopReason");
        trials = List.copyOf(trials);
    }

    public String name() {
        return plan.name();
    }

    public List<String> models() {
        return plan.models();
    }

    public long seed() {
        return plan.seed();
    }

    /** The number of complete rounds. */
    public int rounds() {
        return trials.stream().mapToInt(Trial::round).max().orElse(0);
    }

    /** One model's trials, in round order. */
    public List<Trial> trials(String model) {
        requireModel(model);
        return trialsOf(trials, model);
    }

    /** One model's RPS, one value per round, in round order. */
    public double[] rpsByRound(String model) {
        return trials(model).stream().mapToDouble(Trial::rps).toArray();
    }

    /** The estimate of a model's throughput, from its trials. */
    public Estimate rps(String model) {
        return Estimate.of(rpsByRound(model), plan.level());
    }

    /** {@code model} compared with {@code baseline}, round by round. */
    public Comparison compare(String model, String baseline) {
        requireModel(model);
        requireModel(baseline);
        return compare(plan, trials, model, baseline);
    }

    /** The comparisons the experiment asked about, in the order asked. */
    public List<Comparison> comparisons() {
        return plan.questions().stream().map(q -> compare(q.model(), q.baseline())).toList();
    }

    public long requests(String model) {
        return trials(model).stream().mapToLong(t -> t.measurement().requests()).sum();
    }

    public long failures(String model) {
        return trials(model).stream().mapToLong(t -> t.measurement().failures()).sum();
    }

    /** Server CPU per request over all the model's trials: total CPU time over total requests. */
    public double cpuMicrosPerRequest(String model) {
        List<Trial> own = trials(model);
        long requests = own.stream().mapToLong(t -> t.measurement().requests()).sum();
        double cpu = own.stream().mapToDouble(t -> t.measurement().resources().cpuSeconds()).sum();
        return requests > 0 ? cpu * 1e6 / requests : Double.NaN;
    }

    /** The median over the model's trials of each trial's latency at {@code percentile} (50, 90, 99, 99.9). */
    public double latencyMicros(String model, double percentile) {
        double[] values = trials(model).stream().mapToDouble(t -> percentileOf(t.measurement().latency(), percentile))
                .filter(Double::isFinite).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /** The latency percentiles every report shows. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private static double percentileOf(Latency l, double percentile) {
        if (percentile == 50) {
            return l.p50Micros();
        } else if (percentile == 90) {
            return l.p90Micros();
        } else if (percentile == 99) {
            return l.p99Micros();
        } else if (percentile == 99.9) {
            return l.p999Micros();
        }
        throw new IllegalArgumentException("percentile must be one of " + Arrays.toString(PERCENTILES) + ", was " + percentile);
    }

    private void requireModel(String model) {
        if (!plan.models().contains(model)) {
            throw new IllegalArgumentException("experiment " + plan.name() + " did not run '" + model
                    + "'; it ran " + plan.models());
        }
    }

    static List<Trial> trialsOf(List<Trial> trials, String model) {
        return trials.stream().filter(t -> t.model().equals(model))
                .sorted(Comparator.comparingInt(Trial::round)).toList();
    }

    /** The comparison, from complete rounds only. Shared with the runner, which decides on it. */
    static Comparison compare(Plan plan, List<Trial> trials, String model, String baseline) {
        return Comparison.of(model, forRatio(trialsOf(trials, model)), baseline,
                forRatio(trialsOf(trials, baseline)), plan.margin(), plan.level());
    }

    private static double[] forRatio(List<Trial> trials) {
        List<Double> values = new ArrayList<>();
        for (Trial t : trials) {
            double halfARequest = 0.5 / t.measurement().windowSeconds();
            values.add(Math.max(t.rps(), halfARequest));
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The asked comparisons still without a verdict. */
    public List<Comparison> inconclusive() {
        return comparisons().stream().filter(c -> c.verdict() == Verdict.INCONCLUSIVE).toList();
    }
}
