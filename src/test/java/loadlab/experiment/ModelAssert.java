package loadlab.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import loadlab.load.FailureCategory;
import loadlab.load.SecondSample;
import loadlab.load.Warning;
import loadlab.stats.Comparison;
import loadlab.stats.Estimate;
import loadlab.stats.Verdict;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions about one model (one arm) of an experiment, in the words of the claim. A failure prints the
 * figures the claim rests on, the ratio with its interval and verdict where there is one, and the seed that
 * repeats the experiment's order.
 *
 * <p><b>Every claim about throughput is a paired interval.</b> Each assertion about throughput reads the
 * repeated confidence interval of the per-round ratio of two models that ran in the same rounds, and each
 * kind has a stated error rate, measured by running the real runner and the real assertion on simulated
 * experiments ({@code AssertionErrorRatesTest}; each method's comment gives its line): with the truth exactly
 * at the threshold it passes in about 2.5% of experiments (at most 2.9% measured), under normal noise of any
 * size and under a hog that takes up to half of any trial. Order statistics of rounds do not have that: noise
 * on a shared machine pulls rounds down, so a bound on <em>every</em> round passes more easily the busier the
 * machine (under the hog, a model whose truth sits on the bound passes it always), a floor on the
 * <em>best</em> round passes 97% of the time at the threshold under normal noise, and best round against best
 * round about half. The lab makes no such claims.
 */
public final class ModelAssert extends AbstractAssert<ModelAssert, ExperimentResult> {

    private final String model;

    ModelAssert(ExperimentResult actual, String model) {
        super(actual, ModelAssert.class);
        this.model = model;
    }

    /**
     * The verdict against {@code other} is HIGHER: the whole interval above 1 + margin. Error rate
     * (AssertionErrorRatesTest, 5..8 rounds): a true ratio of 1.05 passes in about 2.5% of experiments (at
     * most 2.9% measured), under any noise.
     */
    public ModelAssert hasThroughputAbove(String other) {
        return hasVerdict(Verdict.HIGHER, "a higher throughput than", other);
    }

    /**
     * The verdict against {@code other} is LOWER: the whole interval below 1 / (1 + margin). Error rate: a
     * true ratio of 1/1.05 passes in about 2.5% of experiments (at most 2.9% measured), under any noise
     * (HIGHER, mirrored).
     */
    public ModelAssert hasThroughputBelow(String other) {
        return hasVerdict(Verdict.LOWER, "a lower throughput than", other);
    }

    /**
     * The verdict against {@code other} is SAME: the whole interval inside the equivalence band. Error rate:
     * a true ratio at the band's edge, 1.1, passes in about 2.5% of experiments (at most 2.9% measured); a
     * true ratio of 1 fails unless the noise is small against the band (AssertionErrorRatesTest gives the
     * rate by σ).
     */
    public ModelAssert servesTheSameAs(String other) {
        return hasVerdict(Verdict.SAME, "the same throughput (within the band) as", other);
    }

    /**
     * The verdict against {@code other} is neither HIGHER nor LOWER: what an A/A comparison, a model
     * against itself, must give, but for the rule's error rate.
     */
    public ModelAssert isNeitherHigherNorLowerThan(String other) {
        Comparison c = comparison(other);
        if (c.verdict() == Verdict.HIGHER || c.verdict() == Verdict.LOWER) {
            fail("neither a higher nor a lower throughput than", other, c);
        }
        return this;
    }

    /**
     * The ratio's interval against {@code other} lies above 1 / (1 + margin): not lower, shown. Error rate: a
     * true ratio of 1/1.05 passes in about 2.5% of experiments (at most 2.9% measured), under any noise. Ask
     * the plan to decide it ({@code compare(model, other, 1 / 1.05)}), or the runner may stop on a verdict
     * first.
     */
    public ModelAssert isNotLowerThan(String other) {
        Comparison c = comparison(other);
        if (!(c.ratioLower() >= c.rule().notLowerEdge())) {
            fail("a throughput not lower than", other, c);
        }
        return this;
    }

    /**
     * The whole ratio interval against {@code other} lies at or above {@code factor}. Error rate
     * (AssertionErrorRatesTest): a true ratio of exactly {@code factor} passes in at most 2.5% of
     * experiments, under normal noise of any σ and under the hog. Ask the plan to decide it
     * ({@code compare(model, other, factor)}), so that the runner does not stop on a verdict with the
     * interval still across the factor.
     */
    public ModelAssert hasThroughputAtLeastTimes(double factor, String other) {
        Comparison c = comparison(other);
        if (!(c.ratioLower() >= factor)) {
            fail("a throughput at least " + factor + " times that of", other, c);
        }
        return this;
    }

    /**
     * The whole ratio interval against {@code other} lies at or below {@code factor} (0.01: a hundredth or
     * less). Error rate: a true ratio of exactly {@code factor} passes in about 2.5% of experiments (at most
     * 2.9% measured), under any noise. Ask the plan to decide it ({@code compare(model, other, factor)}).
     */
    public ModelAssert hasThroughputAtMostTimes(double factor, String other) {
        Comparison c = comparison(other);
        if (!(c.ratioUpper() <= factor)) {
            fail("a throughput at most " + factor + " times that of", other, c);
        }
        return this;
    }

    /**
     * The whole 95% interval of this model's mean RPS lies at or below {@code rps}: a law's ceiling,
     * shown. One arm, so drift that hits every model alike is not cancelled: use it where nothing but
     * the model sets the figure (a think time, a sleep), not to bound a model whose CPU a busy machine
     * takes. Error rate (AssertionErrorRatesTest): a true mean of exactly {@code rps} passes in at
     * most 2.5% of experiments under normal noise; under a hog that takes up to half of every trial it
     * passes always, which is why a claim about a CPU-bound model is a paired ratio instead.
     */
    public ModelAssert hasThroughputAtMost(double rps) {
        Estimate e = actual.rps(model);
        if (!(e.upper() <= rps)) {
            failWithMessage("Expecting the throughput of %s at most %s RPS, the whole 95%% interval, but it is %s rps%n"
                    + "  by round: %s%n%s", model, figure(rps), e, figures(actual.rpsByRound(model)), context());
        }
        return this;
    }

    /**
     * The whole 95% interval of this model's mean RPS lies at or above {@code rps}. Error rate: a true mean
     * of exactly {@code rps} passes in about 2.5% of experiments (at most 2.9% measured) under normal noise
     * and under a hog, which only takes throughput away.
     */
    public ModelAssert hasThroughputAtLeast(double rps) {
        Estimate e = actual.rps(model);
        if (!(e.lower() >= rps)) {
            failWithMessage("Expecting the throughput of %s at least %s RPS, the whole 95%% interval, but it is %s rps%n"
                    + "  by round: %s%n%s", model, figure(rps), e, figures(actual.rpsByRound(model)), context());
        }
        return this;
    }

    /** Every request of every trial of this model was answered correctly. */
    public ModelAssert hasNoFailures() {
        long failures = actual.failures(model);
        if (failures > 0) {
            failWithMessage("Expecting %s to answer every request correctly, but %d of %d failed: %s%n"
                            + "  in rounds %s%n  for example: %s%n%s",
                    model, failures, actual.requests(model), failuresByCategory(), failedRounds(),
                    examples().stream().limit(3).collect(Collectors.joining("; ")), context());
        }
        return this;
    }

    /** Every request of every trial failed, each in one of {@code categories}. */
    public ModelAssert failsEveryRequestAs(FailureCategory... categories) {
        Set<FailureCategory> allowed = EnumSet.copyOf(Arrays.asList(categories));
        Map<FailureCategory, Long> byCategory = failuresByCategory();
        boolean onlyAllowed = allowed.containsAll(byCategory.keySet());
        if (actual.requests(model) == 0 || actual.failures(model) != actual.requests(model) || !onlyAllowed) {
            failWithMessage("Expecting every request to %s to fail as %s, but %d of %d failed: %s%n  for example: %s%n%s",
                    model, allowed, actual.failures(model), actual.requests(model), byCategory,
                    examples().stream().limit(3).collect(Collectors.joining("; ")), context());
        }
        return this;
    }

    /** The server's CPU per request, over all trials, is at least {@code factor} times {@code other}'s. */
    public ModelAssert hasCpuPerRequestAtLeastTimes(double factor, String other) {
        double mine = actual.cpuMicrosPerRequest(model);
        double theirs = actual.cpuMicrosPerRequest(other);
        if (!(mine >= factor * theirs)) {
            failCpu("at least " + factor + " times", other, mine, theirs);
        }
        return this;
    }

    /** The server's CPU per request, over all trials, lies between {@code low} and {@code high} times {@code other}'s. */
    public ModelAssert hasCpuPerRequestBetweenTimes(double low, double high, String other) {
        double mine = actual.cpuMicrosPerRequest(model);
        double theirs = actual.cpuMicrosPerRequest(other);
        if (!(mine >= low * theirs && mine <= high * theirs)) {
            failCpu("between " + low + " and " + high + " times", other, mine, theirs);
        }
        return this;
    }

    /** The median over trials of the mean response time is below {@code millis}. */
    public ModelAssert hasMeanResponseBelowMillis(double millis) {
        double mean = actual.meanLatencyMicros(model) / 1e3;
        if (!(mean < millis)) {
            failWithMessage("Expecting the mean response time of %s below %s ms, but it is %s ms (median over trials: %s)%n%s",
                    model, figure(millis), figure(mean), figures(perTrial(t -> t.measurement().load().meanLatencyMicros() / 1e3)),
                    context());
        }
        return this;
    }

    /** The median over trials of the mean response time is above {@code factor} times {@code other}'s. */
    public ModelAssert hasMeanResponseAboveTimes(double factor, String other) {
        double mine = actual.meanLatencyMicros(model) / 1e3;
        double theirs = actual.meanLatencyMicros(other) / 1e3;
        if (!(mine > factor * theirs)) {
            failWithMessage("Expecting the mean response time of %s above %s times %s's (%s ms), but it is %s ms%n%s",
                    model, factor, other, figure(theirs), figure(mine), context());
        }
        return this;
    }

    /** The median over trials of the latency at {@code percentile} is above {@code millis}. */
    public ModelAssert hasLatencyAbove(double percentile, double millis) {
        double at = actual.latencyMicros(model, percentile) / 1e3;
        if (!(at > millis)) {
            failLatency(percentile, "above", millis, at);
        }
        return this;
    }

    /** The median over trials of the latency at {@code percentile} is below {@code millis}. */
    public ModelAssert hasLatencyBelow(double percentile, double millis) {
        double at = actual.latencyMicros(model, percentile) / 1e3;
        if (!(at < millis)) {
            failLatency(percentile, "below", millis, at);
        }
        return this;
    }

    /** The median over trials of the latency at {@code percentile}, timed from the actual send, is below {@code millis}. */
    public ModelAssert hasUncorrectedLatencyBelow(double percentile, double millis) {
        double at = actual.medianOverTrials(model, t -> t.measurement().load().uncorrectedLatencyAt(percentile)) / 1e3;
        if (!(at < millis)) {
            failWithMessage("Expecting the p%s latency of %s timed from the actual send below %s ms, but it is %s ms "
                    + "(median over trials)%n%s", figure(percentile), model, figure(millis), figure(at), context());
        }
        return this;
    }

    /**
     * The median over trials of the rise of the p99 from the window's first second to its last is at
     * least {@code millis}: a queue that grows during the run.
     */
    public ModelAssert hasP99RisingDuringTheWindowBy(double millis) {
        double rise = actual.medianOverTrials(model, ModelAssert::p99Rise) / 1e3;
        if (!(rise >= millis)) {
            failWithMessage("Expecting the p99 of %s to rise by at least %s ms from the window's first second to its last, "
                            + "but it rose by %s ms (median over trials; per trial: %s ms)%n%s", model, figure(millis),
                    figure(rise), figures(perTrial(t -> p99Rise(t) / 1e3)), context());
        }
        return this;
    }

    private static double p99Rise(Trial t) {
        List<SecondSample> seconds = t.measurement().load().series();
        return seconds.get(seconds.size() - 1).p99Micros() - seconds.get(0).p99Micros();
    }

    /**
     * Every trial of this model was checked against the law named {@code lawName} (its name starts so),
     * and it held. The runner rejects a trial that breaks a law; this says that the check was made.
     */
    public ModelAssert obeysOnEveryTrial(String lawName) {
        for (Trial t : actual.trials(model)) {
            List<loadlab.stats.LawCheck> checks = t.measurement().laws().stream().filter(l -> l.name().startsWith(lawName)).toList();
            if (checks.isEmpty() || !checks.stream().allMatch(loadlab.stats.LawCheck::holds)) {
                failWithMessage("Expecting every trial of %s to obey %s, but round %d was %s%n%s", model, lawName, t.round(),
                        checks.isEmpty() ? "not checked against it (laws checked: " + t.measurement().laws() + ")" : checks,
                        context());
            }
        }
        return this;
    }

    /** Every trial of this model carries a warning of {@code kind}. */
    public ModelAssert warnsOnEveryTrial(Warning.Kind kind) {
        List<Integer> without = actual.trials(model).stream()
                .filter(t -> t.measurement().warnings().stream().noneMatch(w -> w.kind() == kind)).map(Trial::round).toList();
        if (!without.isEmpty()) {
            failWithMessage("Expecting every trial of %s to warn %s, but rounds %s did not%n%s", model, kind, without, context());
        }
        return this;
    }

    /** The RPS interval's half-width is below {@code fraction} of the mean (0.05: known within 5%). */
    public ModelAssert hasCiHalfWidthBelow(double fraction) {
        Estimate e = actual.rps(model);
        if (!(e.relativeHalfWidth() < fraction)) {
            failWithMessage("Expecting the RPS of %s to be known within %.1f%%, but the interval's half-width is %.1f%% of the mean:%n"
                            + "  %s: %s rps%n%s",
                    model, fraction * 100, e.relativeHalfWidth() * 100, model, e, context());
        }
        return this;
    }

    /** The RPS estimate, for a test that reports it or checks more. */
    public Estimate rps() {
        return actual.rps(model);
    }

    private ModelAssert hasVerdict(Verdict expected, String claim, String other) {
        Comparison c = comparison(other);
        if (c.verdict() != expected) {
            fail(claim, other, c);
        }
        return this;
    }

    private Comparison comparison(String other) {
        isNotNull();
        if (!actual.models().contains(other)) {
            failWithMessage("Expecting experiment %s to have run %s, to compare %s with it, but it ran only %s",
                    actual.name(), other, model, actual.models());
        }
        return actual.compare(model, other);
    }

    private double[] perTrial(ToDoubleFunction<Trial> figure) {
        return actual.trials(model).stream().mapToDouble(figure).toArray();
    }

    private Map<FailureCategory, Long> failuresByCategory() {
        Map<FailureCategory, Long> byCategory = new TreeMap<>();
        for (Trial t : actual.trials(model)) {
            t.measurement().load().failuresByCategory().forEach((k, v) -> byCategory.merge(k, v, Long::sum));
        }
        return byCategory;
    }

    private List<String> examples() {
        List<String> examples = new ArrayList<>();
        for (Trial t : actual.trials(model)) {
            t.measurement().load().failureExamples().forEach((k, list) -> list.forEach(e -> examples.add(k + ": " + e)));
        }
        return examples;
    }

    private String failedRounds() {
        return actual.trials(model).stream().filter(t -> t.measurement().failures() > 0)
                .map(t -> t.round() + " (" + t.measurement().failures() + ")").collect(Collectors.joining(", "));
    }

    private void fail(String claim, String other, Comparison c) {
        int width = Math.max(model.length(), other.length()) + 1; // the label has a colon
        failWithMessage("Expecting %s to have %s %s, but the verdict is %s%n"
                        + "  %-" + width + "s %s rps%n  %-" + width + "s %s rps%n  ratio %s%n%s",
                model, claim, other, c.verdict(), model + ":", actual.rps(model), other + ":", actual.rps(other), c,
                context());
    }

    private void failCpu(String claim, String other, double mine, double theirs) {
        failWithMessage("Expecting the server CPU per request of %s to be %s %s's (%s us), but it is %s us: %.3gx%n%s",
                model, claim, other, figure(theirs), figure(mine), mine / theirs, context());
    }

    private void failLatency(double percentile, String relation, double millis, double at) {
        failWithMessage("Expecting the p%s latency of %s %s %s ms, but it is %s ms (median over trials; per trial: %s ms)%n%s",
                figure(percentile), model, relation, figure(millis), figure(at),
                figures(perTrial(t -> t.measurement().load().latencyAt(percentile) / 1e3)), context());
    }

    private static String figure(double x) {
        return String.format(Locale.ROOT, x >= 100 ? "%,.0f" : "%.3g", x);
    }

    private static String figures(double[] values) {
        return Arrays.stream(values).mapToObj(ModelAssert::figure).collect(Collectors.joining(", ", "[", "]"));
    }

    private String context() {
        return "  (experiment " + actual.name() + ", " + actual.rounds() + " rounds, " + actual.stopMessage()
                + "; seed " + actual.seed() + ", repeat with -D" + Plan.SEED_PROPERTY + "=" + actual.seed() + ")";
    }
}
