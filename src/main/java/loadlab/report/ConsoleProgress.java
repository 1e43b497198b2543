package loadlab.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Measurement;
import loadlab.experiment.Plan;
import loadlab.experiment.Progress;
import loadlab.experiment.Question;
import loadlab.experiment.Trial;
import loadlab.stats.Comparison;
import loadlab.stats.LawCheck;
import loadlab.stats.Verdict;

/** Prints a running experiment on the console: the plan and seed, then one line per trial. */
public final class ConsoleProgress implements Progress {

    private final PrintStream out;

    public ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void started(Plan plan) {
        out.println();
        out.println("experiment " + plan.name() + ": " + String.join(", ", plan.models()));
        out.println("  " + plan.describe() + " (repeat this order with -D" + Plan.SEED_PROPERTY + "=" + plan.seed() + ")");
        if (!plan.conditions().isEmpty()) {
            out.println("  " + plan.conditions().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(" · ")));
        }
        out.flush();
    }

    @Override
    public void trialDone(Plan plan, Trial trial) {
        out.println(line(plan, trial));
        Measurement m = trial.measurement();
        for (loadlab.load.Warning warning : m.warnings()) {
            out.println("      warning: " + warning);
        }
        m.load().failureExamples().values().stream().flatMap(List::stream).findFirst()
                .ifPresent(example -> out.println("      e.g. " + example));
        out.flush();
    }

    @Override
    public void trialRejected(Plan plan, Trial trial) {
        out.println(line(plan, trial) + "  REJECTED, run again:");
        for (String problem : trial.measurement().problems()) {
            out.println("      " + problem);
        }
        out.flush();
    }

    /** For example {@code round 2  3/6  thread-pool  2,345 rps  p99 12.35 ms  failures 0  cpu 123 us/req}. */
    static String line(Plan plan, Trial trial) {
        Measurement m = trial.measurement();
        int width = plan.models().stream().mapToInt(String::length).max().orElse(10);
        return String.format(Locale.ROOT, "  round %2d  %d/%d  %-" + width + "s %10s rps  p99 %9s  failures %s  cpu %s us/req",
                trial.round(), trial.position(), plan.models().size(), trial.model(), Figures.number(m.rps()),
                Figures.micros(m.load().latencyAt(99)), failures(m), Figures.number(m.cpuMicrosPerRequest()));
    }

    private static String failures(Measurement m) {
        if (m.failures() == 0) {
            return "0";
        }
        return m.failures() + " (" + m.load().failuresByCategory().entrySet().stream()
                .map(Map.Entry::toString).collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public void roundDone(Plan plan, int round, List<Comparison> asked) {
        if (asked.isEmpty()) {
            return;
        }
        List<String> open = new ArrayList<>();
        for (int i : plan.undecided(asked)) {
            Question q = plan.questions().get(i);
            Comparison c = asked.get(i);
            open.add(c.nameA() + " / " + c.nameB() + " " + Figures.ratio(c.ratio()) + " (" + Figures.ratio(c.ratioLower())
                    + ".." + Figures.ratio(c.ratioUpper()) + ")" + (q.hasFactor() ? " against " + Figures.ratio(q.factor()) : ""));
        }
        out.println("  after round " + round + ": " + (asked.size() - open.size()) + " of " + asked.size()
                + " questions decided" + (open.isEmpty() ? "" : "; open: " + String.join(", ", open)));
        out.flush();
    }

    @Override
    public void stopped(ExperimentResult result) {
        out.println("  stopped (" + result.stopReason() + "): " + result.stopMessage());
        out.flush();
    }
}
