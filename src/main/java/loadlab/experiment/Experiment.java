package loadlab.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import loadlab.Durations;
import loadlab.load.LoadSpec;
import loadlab.report.ConsoleProgress;
import loadlab.report.ConsoleTable;
import loadlab.report.Report;
import loadlab.server.ServerConfig;

/**
 * A whole experiment: a {@link Plan} (models, rounds, questions, seed), the server configuration
 * every model starts with (its {@code Work} included), and the load of every trial. {@link #run()}
 * runs it with real servers, prints its progress and closing table, and writes its report.
 *
 * <pre>{@code
 * Plan plan = Plan.named("waiting").models("single-threaded", "thread-pool")
 *         .compare("thread-pool", "single-threaded").build();
 * LoadSpec load = LoadSpec.to(Experiment.ANY_SERVER).closed(64, Double.POSITIVE_INFINITY, ThinkTime.none())
 *         .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST).warmup(ofSeconds(1)).duration(ofSeconds(2)).build();
 * ExperimentResult result = new Experiment(plan, ServerConfig.defaults().withWork(Work.parse("sleep:10ms")), load).run();
 * }</pre>
 *
 * @param load the load of each trial; its target is a placeholder, replaced by each fresh server's address
 */
public record Experiment(Plan plan, ServerConfig server, LoadSpec load) {

    /** A placeholder target for the load: every trial aims it at its own fresh server. */
    public static final URI ANY_SERVER = URI.create("http://127.0.0.1/");

    public Experiment {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(load, "load");
    }

    /** Runs it, prints to standard output, and writes the report under target/loadlab/. */
    public ExperimentResult run() throws IOException, InterruptedException {
        return run(Report.DEFAULT_ROOT, System.out);
    }

    public ExperimentResult run(Path reportRoot, PrintStream out) throws IOException, InterruptedException {
        Plan described = plan.withConditions(conditions());
        ExperimentResult result = new ExperimentRunner(new ServerTrial(server, load), new ConsoleProgress(out))
                .run(described);
        ConsoleTable.print(result, out);
        Path dir = Report.write(result, reportRoot);
        out.println("  report: " + dir.resolve("index.html").toAbsolutePath());
        out.flush();
        return result;
    }

    /** What every trial runs under, in the words of the report. */
    public Map<String, String> conditions() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("work", server.work().toString());
        c.put("load", load.profile().toString());
        c.put("connections", load.mode() == loadlab.load.ConnectionMode.KEEP_ALIVE ? "keep-alive"
                : "a new connection per request");
        c.put("request", load.request().method() + " " + load.request().path()
                + (load.request().bodyBytes() > 0 ? " with " + load.request().bodyBytes() + " bytes of body" : ""));
        c.put("warm-up", Durations.format(load.warmup()));
        c.put("window", Durations.format(load.duration()));
        c.put("timeouts", "connect " + Durations.format(load.connectTimeout()) + ", read " + Durations.format(load.readTimeout()));
        c.put("server", "thread-pool " + server.threads() + " threads, queue " + server.queue()
                + "; prefork " + server.workers() + " workers; each trial a fresh server JVM");
        return c;
    }
}
