package loadlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Measurement;
import loadlab.experiment.Plan;
import loadlab.experiment.ServerResources;
import loadlab.experiment.Trial;
import loadlab.load.SecondSample;
import loadlab.load.TrialResult;
import loadlab.load.Warning;
import loadlab.stats.Comparison;
import loadlab.stats.Estimate;
import loadlab.stats.LawCheck;
import loadlab.stats.VerdictRule;
import org.HdrHistogram.Histogram;

/**
 * summary.json: an experiment's figures for a program, written as a Jackson tree straight from the
 * {@link ExperimentResult}: the plan and its verdict rule, the machine, per model its estimates, per
 * asked comparison its ratio, interval, paired p and verdict, and every trial (the rejected ones
 * apart, with their problems) with its latencies, resources, series, law checks and typed warnings.
 * Times are in microseconds or seconds as each name says. Non-finite figures (an interval from one
 * trial, a latency with no responses) are written as the strings "NaN" and "Infinity", which
 * {@link JsonNode#asDouble()} reads back into the same doubles.
 */
public final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() { }

    public static void write(ExperimentResult result, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), tree(result));
    }

    public static JsonNode read(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }

    static ObjectNode tree(ExperimentResult r) {
        Plan plan = r.plan();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("experiment", r.name()).put("seed", r.seed()).put("rounds", r.rounds())
                .put("stopReason", r.stopReason().name()).put("stopMessage", r.stopMessage())
                .put("startedAt", r.startedAt().toString()).put("elapsedSeconds", seconds(r.elapsed()))
                .put("minRounds", plan.minRounds()).put("maxRounds", plan.maxRounds())
                .put("budgetSeconds", seconds(plan.budget()));
        rule(root, plan.rule());
        root.putObject("machine").put("cores", r.machine().cores()).put("jdk", r.machine().jdk())
                .put("os", r.machine().os()).put("date", r.machine().date());
        ObjectNode conditions = root.putObject("conditions");
        plan.conditions().forEach(conditions::put);
        ArrayNode models = root.putArray("models");
        r.models().forEach(m -> model(models.addObject(), r, m));
        ArrayNode comparisons = root.putArray("comparisons");
        r.comparisons().forEach(c -> comparison(comparisons.addObject(), r, c));
        ArrayNode trials = root.putArray("trials");
        r.trials().forEach(t -> trial(trials.addObject(), t));
        ArrayNode rejected = root.putArray("rejected");
        r.rejected().forEach(t -> trial(rejected.addObject(), t));
        return root;
    }

    private static void rule(ObjectNode node, VerdictRule rule) {
        node.put("margin", rule.margin()).put("band", rule.band()).put("level", rule.level())
                .put("lookLevel", rule.lookLevel()).put("sequential", rule.isSequential()).put("rule", Figures.rule(rule));
    }

    // RPS figures are the estimate from the per-trial RPS; latencies the median over trials of each
    // trial's percentile; CPU per request total CPU over total requests; peaks the largest of any trial.
    private static void model(ObjectNode node, ExperimentResult r, String model) {
        Estimate e = r.rps(model);
        ServerResources res = Derived.resources(r.trials(model));
        node.put("model", model).put("server", r.plan().modelOf().get(model)).put("n", e.n())
                .put("rpsMean", e.mean()).put("rpsMedian", e.median()).put("rpsStdDev", e.standardDeviation())
                .put("rpsMin", e.min()).put("rpsMax", e.max()).put("rpsCv", e.coefficientOfVariation())
                .put("rpsLower", e.lower()).put("rpsUpper", e.upper()).put("rpsHalfWidth", e.halfWidth());
        ArrayNode outliers = node.putArray("outlierRounds");
        Derived.outlierRounds(r, model).forEach(outliers::add);
        node.put("requests", r.requests(model)).put("failures", r.failures(model))
                .put("p50Micros", r.latencyMicros(model, 50)).put("p90Micros", r.latencyMicros(model, 90))
                .put("p99Micros", r.latencyMicros(model, 99)).put("p999Micros", r.latencyMicros(model, 99.9))
                .put("cpuMicrosPerRequest", r.cpuMicrosPerRequest(model)).put("peakThreads", res.peakThreads())
                .put("peakProcesses", res.peakProcesses()).put("peakRssBytes", res.peakRssBytes())
                .put("peakOpenFds", res.peakOpenFds());
    }

    private static void comparison(ObjectNode node, ExperimentResult r, Comparison c) {
        node.put("model", c.nameA()).put("baseline", c.nameB()).put("aa", r.isAA(c.nameA(), c.nameB()))
                .put("n", c.n()).put("ratio", c.ratio()).put("ratioLower", c.ratioLower())
                .put("ratioUpper", c.ratioUpper()).put("pairedP", c.pairedP()).put("verdict", c.verdict().name());
        ArrayNode logRatios = node.putArray("logRatios");
        for (double x : c.logRatio().values()) {
            logRatios.add(x);
        }
        rule(node.putObject("rule"), c.rule());
    }

    private static void trial(ObjectNode node, Trial t) {
        Measurement m = t.measurement();
        TrialResult r = m.load();
        node.put("round", t.round()).put("position", t.position()).put("model", t.model())
                .put("startSeconds", t.startSeconds()).put("windowSeconds", m.windowSeconds()).put("valid", m.valid())
                .put("rps", m.rps()).put("requests", m.requests()).put("successes", m.successes())
                .put("failures", m.failures());
        ObjectNode byCategory = node.putObject("failuresByCategory");
        r.failuresByCategory().forEach((c, n) -> byCategory.put(c.name(), n));
        ObjectNode byStatus = node.putObject("failuresByStatus");
        r.failuresByStatus().forEach((status, n) -> byStatus.put(String.valueOf(status), n));
        strings(node.putArray("failureExamples"), Derived.failureExamples(r));
        Histogram uncorrected = r.uncorrectedLatency();
        latency(node.putObject("latency"), r.latency().getTotalCount(), r.meanLatencyMicros(), r::latencyAt,
                r.maxLatencyMicros());
        latency(node.putObject("uncorrectedLatency"), uncorrected.getTotalCount(), uncorrected.getMean(),
                r::uncorrectedLatencyAt, uncorrected.getMaxValue());
        ServerResources res = m.resources();
        node.putObject("resources").put("cpuSeconds", res.cpuSeconds()).put("sampledSeconds", res.sampledSeconds())
                .put("peakThreads", res.peakThreads()).put("peakProcesses", res.peakProcesses())
                .put("peakRssBytes", res.peakRssBytes()).put("peakOpenFds", res.peakOpenFds()).put("samples", res.samples());
        node.put("cpuMicrosPerRequest", m.cpuMicrosPerRequest());
        node.putObject("generator").put("cpuShare", r.generatorCpuShare())
                .put("maxScheduleLagMicros", r.maxScheduleLag().toNanos() / 1e3)
                .put("staleConnectionRetries", r.staleConnectionRetries());
        ArrayNode series = node.putArray("series");
        for (SecondSample s : r.series()) {
            series.addObject().put("second", s.second()).put("requests", s.requests()).put("failures", s.failures())
                    .put("p50Micros", s.p50Micros()).put("p99Micros", s.p99Micros()).put("usersOrRate", s.usersOrRate());
        }
        ArrayNode laws = node.putArray("laws");
        for (LawCheck law : m.laws()) {
            laws.addObject().put("law", law.name()).put("expected", law.expected()).put("observed", law.observed())
                    .put("tolerance", law.tolerance()).put("relativeError", law.relativeError()).put("holds", law.holds());
        }
        ArrayNode warnings = node.putArray("warnings");
        for (Warning w : m.warnings()) {
            warnings.addObject().put("kind", w.kind().name()).put("message", w.message())
                    .put("generatorBottleneck", w.kind().generatorBottleneck());
        }
        strings(node.putArray("problems"), m.problems());
    }

    private static void latency(ObjectNode node, long count, double mean, DoubleUnaryOperator at, double max) {
        node.put("count", count).put("meanMicros", mean).put("p50Micros", at.applyAsDouble(50))
                .put("p90Micros", at.applyAsDouble(90)).put("p99Micros", at.applyAsDouble(99))
                .put("p999Micros", at.applyAsDouble(99.9)).put("maxMicros", max);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
