package loadlab.experiment;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import loadlab.Durations;
import loadlab.stats.Comparison;

/**
 * Runs a {@link Plan} in rounds. Each round runs every model once, in an order shuffled by a
 * seeded random generator: whatever drifts on a shared machine (other jobs, heat, the page cache)
 * then hits every model alike instead of the one that happens to run last, and the seed lets
 * anyone repeat the order. After the minimum rounds it adds rounds while an asked {@link Question}
 * is undecided (a verdict inconclusive, or a ratio's interval still across the factor a claim names),
 * until the maximum or until the next round would overrun the time budget. Looking
 * after every round would inflate the error rate of the verdicts if each look used a plain 95%
 * interval; the plan's {@link loadlab.stats.VerdictRule} uses repeated intervals instead, whose
 * level holds whenever the runner stops.
 *
 * <p>A trial that is no measurement of its server ({@link Measurement#valid()}: a law broken, the
 * generator the bottleneck) is reported, kept aside and run again once; if the rerun is invalid too,
 * the experiment stops with an {@link InvalidTrialException} rather than average it in.
 */
public final class ExperimentRunner {

    private final TrialFunction trialFunction;
    private final Progress progress;
    private final InstantSource clock;

    public ExperimentRunner(TrialFunction trialFunction, Progress progress) {
        this(trialFunction, progress, InstantSource.system());
    }

    /** With a clock of the test's choosing, so that budgets can be tested without waiting. */
    public ExperimentRunner(TrialFunction trialFunction, Progress progress, InstantSource clock) {
        this.trialFunction = trialFunction;
        this.progress = progress;
        this.clock = clock;
    }

    /** The order of the models in each round, for a seed: the same seed, the same orders. */
    public static List<List<String>> orders(List<String> models, long seed, int rounds) {
        Random random = new Random(seed);
        List<List<String>> orders = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            orders.add(shuffled(models, random));
        }
        return orders;
    }

    private static List<String> shuffled(List<String> models, Random random) {
        List<String> order = new ArrayList<>(models);
        Collections.shuffle(order, random);
        return List.copyOf(order);
    }

    public ExperimentResult run(Plan plan) throws IOException, InterruptedException {
        Instant start = clock.instant();
        Random random = new Random(plan.seed());
        List<Trial> trials = new ArrayList<>();
        List<Trial> rejected = new ArrayList<>();
        progress.started(plan);
        for (int round = 1; ; round++) {
            List<String> order = shuffled(plan.models(), random);
            for (int position = 1; position <= order.size(); position++) {
                String model = order.get(position - 1);
                Trial trial = trial(plan, round, position, model, start);
                if (!trial.measurement().valid()) {
                    rejected.add(trial);
                    progress.trialRejected(plan, trial);
                    Trial again = trial(plan, round, position, model, start);
                    if (!again.measurement().valid()) {
                        throw InvalidTrialException.twice("experiment " + plan.name() + ", round " + round + ", " + model
                                + " (seed " + plan.seed() + ", repeat with -D" + Plan.SEED_PROPERTY + "=" + plan.seed() + ")",
                                trial.measurement(), again.measurement());
                    }
                    trial = again;
                }
                trials.add(trial);
                progress.trialDone(plan, trial);
            }
            if (round < plan.minRounds()) {
                continue;
            }
            List<Comparison> asked = plan.questions().stream()
                    .map(q -> ExperimentResult.compare(plan, trials, q.model(), q.baseline())).toList();
            progress.roundDone(plan, round, asked);
            Stop stop = shouldStop(plan, round, open(plan, asked), seconds(start));
            if (stop != null) {
                ExperimentResult result = new ExperimentResult(plan, trials, rejected, stop.reason(), stop.message(),
                        start, Duration.between(start, clock.instant()), Machine.current(start));
                progress.stopped(result);
                return result;
            }
        }
    }

    private Trial trial(Plan plan, int round, int position, String model, Instant start)
            throws IOException, InterruptedException {
        progress.trialStarting(plan, round, position, model);
        double startSeconds = seconds(start);
        try {
            return new Trial(round, position, model, startSeconds, trialFunction.run(model));
        } catch (IOException | RuntimeException e) {
            throw new IOException("experiment " + plan.name() + ", round " + round + ", " + model
                    + ": the trial failed: " + e.getMessage(), e);
        }
    }

    private record Stop(StopReason reason, String message) { }

    // The questions the comparisons leave undecided, for the stop message.
    private static String open(Plan plan, List<Comparison> asked) {
        return String.join(", ", plan.undecided(asked).stream().map(i -> plan.questions().get(i).toString()).toList());
    }

    // Null: run another round.
    private static Stop shouldStop(Plan plan, int round, String open, double elapsedSeconds) {
        int asked = plan.questions().size();
        if (asked == 0) {
            return new Stop(StopReason.NO_QUESTIONS, "no comparison asked: ran the minimum " + round + " rounds");
        }
        if (open.isEmpty()) {
            return new Stop(StopReason.ALL_CONCLUSIVE, (asked == 1 ? "the comparison is"
                    : "all " + asked + " comparisons are") + " conclusive after " + round + " rounds");
        }
        if (round >= plan.maxRounds()) {
            return new Stop(StopReason.MAX_ROUNDS, "ran the maximum of " + round + " rounds; still inconclusive: " + open);
        }
        double perRound = elapsedSeconds / round;
        double budget = plan.budget().toNanos() / 1e9;
        if (elapsedSeconds + perRound > budget) {
            return new Stop(StopReason.BUDGET_SPENT, String.format(java.util.Locale.ROOT,
                    "time budget %s spent: %.1f s used, a round takes about %.1f s; still inconclusive after %d rounds: %s",
                    Durations.format(plan.budget()), elapsedSeconds, perRound, round, open));
        }
        return null;
    }

    private double seconds(Instant since) {
        return Duration.between(since, clock.instant()).toNanos() / 1e9;
    }
}
