package loadlab;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import loadlab.experiment.Arm;
import loadlab.experiment.Disturbance;
import loadlab.experiment.Experiment;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.ExperimentRunner;
import loadlab.experiment.InvalidTrialException;
import loadlab.experiment.Measurement;
import loadlab.experiment.ResourceSampler;
import loadlab.experiment.ServerResources;
import loadlab.load.LoadGenerator;
import loadlab.load.LoadSpec;
import loadlab.load.TrialResult;
import loadlab.report.ConsoleProgress;
import loadlab.report.ConsoleTable;
import loadlab.report.Report;
import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ProcessServer;
import loadlab.server.ServerConfig;

/**
 * The driver: the one place that runs the whole chain, as {@code Lox.run} does in Crafting
 * Interpreters. No stage calls the next; each takes what the one before made.
 *
 * <pre>
 *   LoadSpec ──► LoadGenerator ──► TrialResult ──► Measurement (one trial) ──► ExperimentResult ──► report, console
 *   (load)       (load)            (load)          (experiment)                (experiment)         (report)
 * </pre>
 *
 * The experiment runner decides which arm runs next and when to stop; for each trial it calls back
 * here, and {@link #trial(Arm)} starts a fresh server, runs the generator against it while its
 * process tree is sampled, and hands the result to {@link Measurement#of}, which checks it.
 */
public final class Lab {

    /** How often /proc is read during the window: often enough to catch peaks of a 2-second window. */
    public static final Duration SAMPLING_PERIOD = Duration.ofMillis(100);

    private Lab() { }

    /** Runs an experiment, prints to standard output, and writes the report under target/loadlab/. */
    public static ExperimentResult run(Experiment experiment) throws IOException, InterruptedException {
        return run(experiment, Report.DEFAULT_ROOT, System.out);
    }

    public static ExperimentResult run(Experiment experiment, Path reportRoot, PrintStream out)
            throws IOException, InterruptedException {
        ExperimentResult result = new ExperimentRunner(label -> trial(experiment.arm(label)), new ConsoleProgress(out))
                .run(experiment.plan());
        ConsoleTable.print(result, out);
        Path dir = Report.write(result, reportRoot);
        out.println("  report: " + dir.resolve("index.html").toAbsolutePath());
        out.flush();
        return result;
    }

    /**
     * One trial of an arm: a fresh server in a JVM of its own, loaded for a warm-up and a measurement
     * window while its process tree is sampled, disturbed if the arm says so, then stopped. A fresh
     * server per trial keeps one trial's leftovers (a full accept queue, a heap to collect, a pool
     * grown large) out of the next.
     */
    @SuppressWarnings("try") // the disturbance is held for its scope alone, and its close() may be interrupted
    public static Measurement trial(Arm arm) throws IOException, InterruptedException {
        try (ProcessServer server = ProcessServer.start(arm.model(), arm.server())) {
            LoadSpec spec = aimedAt(arm.load(), server.uri());
            TrialResult result;
            ServerResources resources;
            try (ResourceSampler sampler = ResourceSampler.start(server.pid(), SAMPLING_PERIOD, spec.warmup());
                 Disturbance.Running disturbance = arm.during().start(server.pid(), server.address(), spec.warmup())) {
                result = LoadGenerator.run(spec);
                resources = sampler.stop();
            }
            return Measurement.of(result, resources, spec, arm.server().work());
        }
    }

    /**
     * One trial of an arm that measured its server, as the experiment runner takes them: a trial that
     * is no measurement ({@link Measurement#valid()}: a law broken, the generator the bottleneck or
     * late, cpu work cheaper than it says) is reported on {@code out} and run once more; a second
     * invalid one ends the test with both trials' problems ({@link InvalidTrialException}).
     */
    public static Measurement validTrial(Arm arm, PrintStream out) throws IOException, InterruptedException {
        return valid(arm.label(), () -> trial(arm), out);
    }

    /** {@link #validTrial(Arm, PrintStream)}, reporting a rejected trial on standard output. */
    public static Measurement validTrial(Arm arm) throws IOException, InterruptedException {
        return validTrial(arm, System.out);
    }

    /** What a trial to be validated does: it runs the load and measures, once per call. */
    @FunctionalInterface
    public interface TrialRun {
        Measurement run() throws IOException, InterruptedException;
    }

    /** {@link #validTrial(Arm, PrintStream)} for a trial run some other way (an in-process server, a grading test's own). */
    public static Measurement valid(String what, TrialRun trial, PrintStream out) throws IOException, InterruptedException {
        Measurement first = trial.run();
        if (first.valid()) {
            return first;
        }
        out.println("  " + what + ": rejected, run again: " + String.join("; ", first.problems()));
        Measurement rerun = trial.run();
        if (!rerun.valid()) {
            throw InvalidTrialException.twice(what, first, rerun);
        }
        return rerun;
    }

    /**
     * {@link #valid}, for a trial against a model started in this JVM (a grading test's): a fresh
     * server for each try, {@code load} aimed at it, measured without its resources.
     */
    public static Measurement validInProcess(String what, String model, ServerConfig config, Function<URI, LoadSpec> load,
                                             PrintStream out) throws IOException, InterruptedException {
        return valid(what, () -> {
            try (EchoServer server = Models.start(model, config)) {
                LoadSpec spec = load.apply(server.uri());
                return Measurement.of(LoadGenerator.run(spec), ServerResources.NONE, spec, config.work());
            }
        }, out);
    }

    /** The same load aimed at another server. */
    public static LoadSpec aimedAt(LoadSpec spec, URI target) {
        return spec.withTarget(target);
    }
}
