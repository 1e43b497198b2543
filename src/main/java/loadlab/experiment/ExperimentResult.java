package loadlab.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import loadlab.stats.Comparison;
import loadlab.stats.Estimate;

/**
 * Everything an experiment measured, and the estimates and comparisons computed from it.
 * {@code rejected} holds the trials that were no measurement of their server and were run again
 * (see {@link ExperimentRunner}); they are shown in the report and used in no figure.
 *
 * <p>A round in which a model served nothing has an RPS of 0, and a ratio with 0 has no
 * logarithm; for comparisons only, such a value counts as half a request in the window (a
 * continuity correction), so that "served nothing" compares as "far lower" instead of breaking
 * the comparison. Estimates use the values as measured.
 */
public record ExperimentResult(Plan plan, List<Trial> trials, List<Trial> rejected, StopReason stopReason,
                               String stopMessage, Instant startedAt, Duration elapsed, Machine machine) {

    public ExperimentResult {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(stopReason, "stopReason");
        trials = List.copyOf(trials);
        rejected = List.copyOf(rejected);
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

    /** The comparisons the experiment asked about, in the order asked, each pair once (however many factors it was asked against). */
    public List<Comparison> comparisons() {
        return plan.questions().stream().map(q -> List.of(q.model(), q.baseline())).distinct()
                .map(pair -> compare(pair.get(0), pair.get(1))).toList();
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

    /**
     * The median over the model's trials of each trial's latency at {@code percentile} (0 to 100),
     * in microseconds: one stalled trial moves a median of trials less than a pooled percentile.
     */
    public double latencyMicros(String model, double percentile) {
        return medianOverTrials(model, t -> t.measurement().load().latencyAt(percentile));
    }

    /** The median over the model's trials of each trial's mean latency, in microseconds. */
    public double meanLatencyMicros(String model) {
        return medianOverTrials(model, t -> t.measurement().load().meanLatencyMicros());
    }

    /** The median over the model's trials of a figure of each trial (its NaNs left out). */
    public double medianOverTrials(String model, java.util.function.ToDoubleFunction<Trial> figure) {
        double[] values = trials(model).stream().mapToDouble(figure).filter(Double::isFinite).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /** The latency percentiles every report shows. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9};

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
                forRatio(trialsOf(trials, baseline)), plan.rule());
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
        return comparisons().stream().filter(c -> !c.verdict().isConclusive()).toList();
    }

    /** Whether {@code model} and {@code baseline} are the same model: an A/A comparison. */
    public boolean isAA(String model, String baseline) {
        return plan.isAA(model, baseline);
    }
}
