package loadlab.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import loadlab.Durations;
import loadlab.Lab;
import loadlab.experiment.Experiment;
import loadlab.experiment.Plan;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadSpec;
import loadlab.load.OpenLoop;
import loadlab.load.ThinkTime;
import loadlab.report.Report;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import loadlab.server.Work;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code compare --models a,b,c}: an experiment from the command line, with the same report as the tests'. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares server models: RPS with confidence intervals, and verdicts.",
                "",
                "Rounds of trials, each model once per round in a random order,",
                "each trial a fresh server JVM, a warm-up and a measurement window. Every",
                "model is compared with the first one listed (the baseline); rounds are added",
                "until each comparison has a verdict or the budget is spent.",
                "A model listed twice (--models event-loop,event-loop) is an A/A run: the",
                "model against itself, which shows this machine's noise floor.",
                "Writes DIR/NAME/index.html, summary.csv, summary.json and the charts.",
                "",
                "By default each request uses a new connection: a closed-loop user on",
                "keep-alive holds its connection, so single-threaded would serve one user and",
                "leave the others waiting until their read timeout. Use --keep-alive for",
                "models that can hold many connections.",
                ""})
public final class CompareCommand implements Callable<Integer> {

    private static final Pattern ROUNDS = Pattern.compile("(\\d+)(?:\\.\\.(\\d+))?");

    @Option(names = "--models", required = true, split = ",", paramLabel = "A,B,...",
            description = "the models, the baseline first (see `serve --help`)")
    List<String> models;

    @Option(names = "--external", paramLabel = "NAME='CMD {port}'", mapFallbackValue = "",
            description = "a model that is any command serving HTTP on {port}, in any language, named NAME for --models;"
                    + " started fresh for each trial, stopped with SIGTERM then SIGKILL (repeatable)")
    java.util.Map<String, String> external = new java.util.LinkedHashMap<>();

    @Option(names = "--work", defaultValue = "none", description = "work per request: none, sleep:10ms, cpu:200us (default: ${DEFAULT-VALUE})")
    String work;

    @ArgGroup(exclusive = true)
    Load load = new Load();

    static final class Load {
        @Option(names = "--users", defaultValue = "64", description = "closed loop: this many users, each waiting for its response (default: ${DEFAULT-VALUE})")
        int users = 64;

        @Option(names = "--rate", paramLabel = "RPS", description = "open loop: requests per second, Poisson arrivals, whatever the server does")
        Double rate;
    }

    @Option(names = "--think", defaultValue = "0s", description = "closed loop: think time between a response and the next request (default: ${DEFAULT-VALUE})")
    String think;

    @ArgGroup(exclusive = true)
    Connections connections = new Connections();

    static final class Connections {
        @Option(names = "--close-each", description = "a new connection per request (the default)")
        boolean closeEach;

        @Option(names = "--keep-alive", description = "one connection per user, kept open")
        boolean keepAlive;
    }

    @Option(names = "--lenient", description = "read responses as locust does (bare LF, a body that ends at the close),"
            + " to measure a server the strict reader refuses, such as the seed's; the echo is still checked")
    boolean lenient;

    @Option(names = "--duration", defaultValue = "3s", description = "measurement window of each trial (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--warmup", defaultValue = "1s", description = "warm-up before each window, not measured (default: ${DEFAULT-VALUE})")
    String warmup;

    @Option(names = "--rounds", defaultValue = "5..20", paramLabel = "MIN[..MAX]",
            description = "rounds: at least MIN, at most MAX (default: ${DEFAULT-VALUE})")
    String rounds;

    @Option(names = "--budget", defaultValue = "2m", description = "no round is started that would end after this (default: ${DEFAULT-VALUE})")
    String budget;

    @Option(names = "--threads", defaultValue = "64", description = "thread-pool: pool size (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--workers", description = "prefork: worker processes (default: the core count)")
    Integer workers;

    @Option(names = "--seed", description = "seed of the random order (default: -Dloadlab.seed, else random)")
    Long seed;

    @Option(names = "--name", defaultValue = "compare", description = "the experiment's name: its report directory (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--out", paramLabel = "DIR", description = "where reports go (default: target/loadlab)")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Experiment experiment;
        try {
            experiment = experiment();
            // In the students' hand-out the intervals are exercise 4's: say so now, not after the rounds.
            loadlab.workbook.ExerciseStatus.intervalsNotDone().ifPresent(todo -> {
                throw new IllegalArgumentException(todo.message() + " (compare's confidence intervals are your ConfidenceInterval)");
            });
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Lab.run(experiment, out != null ? out : Report.DEFAULT_ROOT, System.out);
        return 0;
    }

    // Everything checked before the first server starts, so that bad usage costs nothing.
    Experiment experiment() {
        if (models.size() < 2) {
            throw new IllegalArgumentException("compare needs at least two models, the baseline first; got " + models);
        }
        external.forEach(Models::external); // before the names are checked: these are models too
        models.forEach(Models::byName);
        for (String model : models) {
            // A workbook exercise takes part once it works; until then, say which exercise to do.
            loadlab.workbook.ExerciseStatus.notDone(model).ifPresent(why -> {
                throw new IllegalArgumentException(why);
            });
        }
        Matcher r = ROUNDS.matcher(rounds.strip());
        if (!r.matches()) {
            throw new IllegalArgumentException("--rounds must be MIN or MIN..MAX, as in 5 or 5..20, not '" + rounds + "'");
        }
        int min = Integer.parseInt(r.group(1));
        int max = r.group(2) != null ? Integer.parseInt(r.group(2)) : min;
        Plan.Builder plan = Plan.named(name).models(models).compareAllWithFirst().rounds(min, max)
                .budget(positive(budget, "--budget"));
        if (seed != null) {
            plan.seed(seed);
        }
        ServerConfig server = ServerConfig.defaults().withWork(Work.parse(work)).withThreads(threads);
        if (workers != null) {
            server = server.withWorkers(workers);
        }
        LoadSpec.Builder loadSpec = LoadSpec.to(Experiment.ANY_SERVER)
                .mode(connections.keepAlive ? ConnectionMode.KEEP_ALIVE : ConnectionMode.NEW_CONNECTION_PER_REQUEST)
                .duration(positive(duration, "--duration")).warmup(Durations.parse(warmup)).lenient(lenient);
        if (load.rate != null) {
            loadSpec.open(load.rate, true, OpenLoop.DEFAULT_MAX_IN_FLIGHT);
        } else {
            Duration z = Durations.parse(think);
            loadSpec.closed(load.users, Double.POSITIVE_INFINITY, z.isZero() ? ThinkTime.none() : ThinkTime.constant(z));
        }
        return Experiment.of(plan.build(), server, loadSpec.build());
    }

    private static Duration positive(String text, String option) {
        Duration d = Durations.parse(text);
        if (d.isZero()) {
            throw new IllegalArgumentException(option + " must be longer than 0, was " + text);
        }
        return d;
    }
}
