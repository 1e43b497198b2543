package loadlab.report;

import java.util.List;
import java.util.Map;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Latency;
import loadlab.experiment.Machine;
import loadlab.experiment.Measurement;
import loadlab.experiment.Second;
import loadlab.experiment.ServerResources;
import loadlab.experiment.Trial;
import loadlab.stats.Comparison;
import loadlab.stats.Estimate;
import loadlab.stats.LawCheck;

/**
 * The figures of an experiment as the files show them: summary.json is this record, written by
 * Jackson and read back by it; summary.csv and index.html print the same figures. Plain records
 * of numbers and strings, so that any tool can read the JSON without loadlab's classes.
 */
public record Summary(String experiment, long seed, int rounds, String stopReason, String stopMessage,
                      String startedAt, double elapsedSeconds, int minRounds, int maxRounds,
                      double budgetSeconds, double margin, double level, Machine machine,
                      Map<String, String> conditions, List<ModelRow> models,
                      List<ComparisonRow> comparisons, List<TrialRow> trials) {

    /**
     * One model over all its trials. RPS figures are the estimate from the per-trial RPS;
     * latencies are the median over trials of each trial's percentile; CPU per request is total
     * server CPU over total requests; peaks are the largest of any trial.
     *
     * @param outlierRounds the rounds whose RPS lies outside the Tukey fences (flagged, kept)
     */
    public record ModelRow(String model, int n, double rpsMean, double rpsMedian, double rpsStdDev,
                           double rpsMin, double rpsMax, double rpsCv, double rpsLower, double rpsUpper,
                           double rpsHalfWidth, List<Integer> outlierRounds, long requests, long failures,
                           double p50Micros, double p90Micros, double p99Micros, double p999Micros,
                           double cpuMicrosPerRequest, int peakThreads, int peakProcesses,
                           long peakRssBytes, int peakOpenFds) { }

    /** A comparison the experiment asked about: model over baseline, round by round. */
    public record ComparisonRow(String model, String baseline, int n, double ratio, double ratioLower,
                                double ratioUpper, double pValue, String verdict, double margin,
                                double level) { }

    /** One trial: what the generator measured and what the server cost. */
    public record TrialRow(int round, int position, String model, double startSeconds, double windowSeconds,
                           double rps, long requests, long successes, long failures,
                           Map<String, Long> failuresByCategory, List<String> failureExamples,
                           Latency latency, Latency uncorrectedLatency, ServerResources resources,
                           double cpuMicrosPerRequest, List<Second> series, List<LawRow> laws,
                           List<String> warnings) { }

    /** An operational law checked against a trial. */
    public record LawRow(String law, double expected, double observed, double tolerance,
                         double relativeError, boolean holds) { }

    public static Summary of(ExperimentResult r) {
        return new Summary(r.name(), r.seed(), r.rounds(), r.stopReason().name(), r.stopMessage(),
                r.startedAt().toString(), r.elapsed().toNanos() / 1e9, r.plan().minRounds(),
                r.plan().maxRounds(), r.plan().budget().toNanos() / 1e9, r.plan().margin(),
                r.plan().level(), r.machine(), r.plan().conditions(),
                r.models().stream().map(m -> model(r, m)).toList(),
                r.comparisons().stream().map(Summary::comparison).toList(),
                r.trials().stream().map(Summary::trial).toList());
    }

    private static ModelRow model(ExperimentResult r, String model) {
        Estimate e = r.rps(model);
        List<Trial> trials = r.trials(model);
        List<ServerResources> res = trials.stream().map(t -> t.measurement().resources()).toList();
        return new ModelRow(model, e.n(), e.mean(), e.median(), e.standardDeviation(), e.min(), e.max(),
                e.coefficientOfVariation(), e.lower(), e.upper(), e.halfWidth(),
                e.outliers().stream().map(i -> trials.get(i).round()).toList(),
                r.requests(model), r.failures(model),
                r.latencyMicros(model, 50), r.latencyMicros(model, 90), r.latencyMicros(model, 99),
                r.latencyMicros(model, 99.9), r.cpuMicrosPerRequest(model),
                res.stream().mapToInt(ServerResources::peakThreads).max().orElse(0),
                res.stream().mapToInt(ServerResources::peakProcesses).max().orElse(0),
                res.stream().mapToLong(ServerResources::peakRssBytes).max().orElse(0),
                res.stream().mapToInt(ServerResources::peakOpenFds).max().orElse(0));
    }

    private static ComparisonRow comparison(Comparison c) {
        return new ComparisonRow(c.nameA(), c.nameB(), c.n(), c.ratio(), c.ratioLower(), c.ratioUpper(),
                c.pValue(), c.verdict().name(), c.margin(), c.level());
    }

    private static TrialRow trial(Trial t) {
        Measurement m = t.measurement();
        return new TrialRow(t.round(), t.position(), t.model(), t.startSeconds(), m.windowSeconds(), m.rps(),
                m.requests(), m.successes(), m.failures(), m.failuresByCategory(), m.failureExamples(),
                m.latency(), m.uncorrectedLatency(), m.resources(), m.cpuMicrosPerRequest(), m.series(),
                m.laws().stream().map(Summary::law).toList(), m.warnings());
    }

    private static LawRow law(LawCheck c) {
        return new LawRow(c.name(), c.expected(), c.observed(), c.tolerance(), c.relativeError(), c.holds());
    }

    /** One model's row, by name. */
    public ModelRow model(String name) {
        return models.stream().filter(m -> m.model().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model '" + name + "' in " + experiment));
    }
}
