package loadlab.experiment;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import loadlab.stats.Comparison;
import loadlab.stats.Estimate;
import loadlab.stats.Verdict;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions about one model of an experiment. Throughput claims rest on the paired comparison
 * of the two models' rounds and its verdict, never on two means alone.
 */
public final class ModelAssert extends AbstractAssert<ModelAssert, ExperimentResult> {

    private final String model;

    ModelAssert(ExperimentResult actual, String model) {
        super(actual, ModelAssert.class);
        this.model = model;
    }

    /** The verdict of this model against {@code other} is HIGHER. */
    public ModelAssert hasThroughputAbove(String other) {
        Comparison c = comparison(other);
        if (c.verdict() != Verdict.HIGHER) {
            fail("a higher throughput than", other, c);
        }
        return this;
    }

    /** The verdict of this model against {@code other} is LOWER. */
    public ModelAssert hasThroughputBelow(String other) {
        Comparison c = comparison(other);
        if (c.verdict() != Verdict.LOWER) {
            fail("a lower throughput than", other, c);
        }
        return this;
    }

    /** The verdict is HIGHER or INCONCLUSIVE: the data do not show this model below {@code other}. */
    public ModelAssert isNotLowerThan(String other) {
        Comparison c = comparison(other);
        if (c.verdict() == Verdict.LOWER) {
            fail("a throughput not lower than", other, c);
        }
        return this;
    }

    /** The whole ratio interval against {@code other} lies at or above {@code factor}. */
    public ModelAssert hasThroughputAtLeastTimes(double factor, String other) {
        Comparison c = comparison(other);
        if (!(c.ratioLower() >= factor)) {
            fail("a throughput at least " + factor + " times that of", other, c);
        }
        return this;
    }

    /** Every request of every trial of this model was answered correctly. */
    public ModelAssert hasNoFailures() {
        long failures = actual.failures(model);
        if (failures > 0) {
            Map<String, Long> byCategory = new TreeMap<>();
            List<String> rounds = new java.util.ArrayList<>();
            List<String> examples = new java.util.ArrayList<>();
            for (Trial t : actual.trials(model)) {
                if (t.measurement().failures() > 0) {
                    rounds.add(t.round() + " (" + t.measurement().failures() + ")");
                    t.measurement().failuresByCategory().forEach((k, v) -> byCategory.merge(k, v, Long::sum));
                    examples.addAll(t.measurement().failureExamples());
                }
            }
            failWithMessage("Expecting %s to answer every request correctly, but %d of %d failed: %s%n"
                            + "  in rounds %s%n  for example: %s%n%s",
                    model, failures, actual.requests(model), byCategory, String.join(", ", rounds),
                    examples.stream().limit(3).collect(Collectors.joining("; ")), context());
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

    private Comparison comparison(String other) {
        isNotNull();
        if (!actual.models().contains(other)) {
            failWithMessage("Expecting experiment %s to have run %s, to compare %s with it, but it ran only %s",
                    actual.name(), other, model, actual.models());
        }
        return actual.compare(model, other);
    }

    private void fail(String claim, String other, Comparison c) {
        int width = Math.max(model.length(), other.length()) + 1; // the label has a colon
        failWithMessage("Expecting %s to have %s %s, but the verdict is %s%n"
                        + "  %-" + width + "s %s rps%n  %-" + width + "s %s rps%n  ratio %s%n%s",
                model, claim, other, c.verdict(), model + ":", actual.rps(model), other + ":", actual.rps(other), c,
                context());
    }

    private String context() {
        return "  (experiment " + actual.name() + ", " + actual.rounds() + " rounds, " + actual.stopMessage()
                + "; seed " + actual.seed() + ", repeat with -D" + Plan.SEED_PROPERTY + "=" + actual.seed() + ")";
    }
}
