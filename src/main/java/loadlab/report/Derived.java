package loadlab.report;

import java.util.ArrayList;
import java.util.List;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.ServerResources;
import loadlab.experiment.Trial;
import loadlab.load.TrialResult;

/**
 * The few figures the report computes from an {@link ExperimentResult} beyond what it offers, in one
 * place so that the console, CSV, JSON and HTML agree. Computed where shown, never stored: a trial's
 * figures live in its {@link TrialResult} and {@link loadlab.experiment.Measurement} only.
 */
final class Derived {

    /** Failure examples shown per category and trial: the first two say what happened. */
    static final int EXAMPLES_SHOWN = 2;

    private Derived() { }

    /** What a model's server cost over all its trials: CPU and time summed, the peaks the largest of any trial. */
    static ServerResources resources(List<Trial> trials) {
        double cpu = 0;
        double sampled = 0;
        int threads = 0;
        int processes = 0;
        long rss = 0;
        int fds = 0;
        int samples = 0;
        for (Trial t : trials) {
            ServerResources r = t.measurement().resources();
            cpu += r.cpuSeconds();
            sampled += r.sampledSeconds();
            threads = Math.max(threads, r.peakThreads());
            processes = Math.max(processes, r.peakProcesses());
            rss = Math.max(rss, r.peakRssBytes());
            fds = Math.max(fds, r.peakOpenFds());
            samples += r.samples();
        }
        return new ServerResources(cpu, sampled, threads, processes, rss, fds, samples);
    }

    /** The rounds whose RPS lies outside the Tukey fences of the model's trials (flagged, kept). */
    static List<Integer> outlierRounds(ExperimentResult result, String model) {
        List<Trial> trials = result.trials(model);
        return result.rps(model).outliers().stream().map(i -> trials.get(i).round()).toList();
    }

    /** For example {@code CONNECTION_RESET: connection reset by peer after 0 bytes}, the first few of each category. */
    static List<String> failureExamples(TrialResult r) {
        List<String> examples = new ArrayList<>();
        r.failureExamples().forEach((c, list) -> list.stream().limit(EXAMPLES_SHOWN).forEach(e -> examples.add(c + ": " + e)));
        return examples;
    }
}
