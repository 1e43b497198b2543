package loadlab.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import loadlab.Durations;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.ExperimentRunner;
import loadlab.experiment.Measurement;
import loadlab.experiment.Plan;
import loadlab.experiment.ServerTrial;
import loadlab.experiment.TrialFunction;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadSpec;
import loadlab.report.ConsoleProgress;
import loadlab.report.ConsoleTable;
import loadlab.report.Report;
import loadlab.server.ServerConfig;

/**
 * An experiment whose trials are "arms" rather than models: each arm is a model under a load of
 * its own, named by a label, so that one model can be compared with itself under different loads
 * (an open loop at 50% and at 110% of its capacity) with the runner's interleaved rounds and the
 * same console table and report as {@link loadlab.experiment.Experiment}, where the "model"
 * column shows the arm's label.
 */
final class Arms implements TrialFunction {

    private record Arm(String label, String description, TrialFunction trial, String model) { }

    private final Map<String, Arm> arms = new LinkedHashMap<>();

    /** An arm: {@code model} started with {@code server} and loaded with {@code load}, as a ServerTrial does. */
    Arms add(String label, String model, ServerConfig server, LoadSpec load) {
        return add(label, model, server, load, new ServerTrial(server, load), "");
    }

    /** An arm whose trial is run by {@code trial} (for example a {@link FrozenServerTrial}). */
    Arms add(String label, String model, ServerConfig server, LoadSpec load, TrialFunction trial, String note) {
        if (arms.containsKey(label)) {
            throw new IllegalArgumentException("two arms labelled '" + label + "'");
        }
        arms.put(label, new Arm(label, describe(model, server, load) + note, trial, model));
        return this;
    }

    List<String> labels() {
        return new ArrayList<>(arms.keySet());
    }

    /** A plan that runs every arm in each round, each arm described in the report's conditions. */
    Plan.Builder plan(String name) {
        Plan.Builder plan = Plan.named(name).models(labels());
        arms.values().forEach(arm -> plan.condition(arm.label(), arm.description()));
        return plan;
    }

    @Override
    public Measurement run(String label) throws IOException, InterruptedException {
        Arm arm = arms.get(label);
        if (arm == null) {
            throw new IllegalArgumentException("no arm labelled '" + label + "'; the arms are " + labels());
        }
        return arm.trial().run(arm.model());
    }

    /** Runs the plan, prints its progress and table, and writes its report, as Experiment.run does. */
    ExperimentResult run(Plan plan) throws IOException, InterruptedException {
        ExperimentResult result = new ExperimentRunner(this, new ConsoleProgress(System.out)).run(plan);
        ConsoleTable.print(result, System.out);
        Path dir = Report.write(result, Report.DEFAULT_ROOT);
        System.out.println("  report: " + dir.resolve("index.html").toAbsolutePath());
        System.out.flush();
        return result;
    }

    private static String describe(String model, ServerConfig server, LoadSpec load) {
        return model + " (work " + server.work() + "), " + load.profile() + ", "
                + (load.mode() == ConnectionMode.KEEP_ALIVE ? "keep-alive" : "a new connection per request")
                + ", warm-up " + Durations.format(load.warmup()) + ", window " + Durations.format(load.duration());
    }
}
