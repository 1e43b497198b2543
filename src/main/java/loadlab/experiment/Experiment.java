package loadlab.experiment;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import loadlab.Durations;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadSpec;
import loadlab.server.ServerConfig;

/**
 * A whole experiment, ready to run: a {@link Plan} (arms, rounds, questions, seed) and what each arm
 * runs: its model, the server configuration it starts with (its {@code Work} included) and its load.
 * {@code loadlab.Lab.run(experiment)} runs it with real servers, prints its progress and table, and
 * writes its report.
 *
 * <pre>{@code
 * Plan plan = Plan.named("waiting").models("single-threaded", "thread-pool")
 *         .compare("thread-pool", "single-threaded").build();
 * LoadSpec load = LoadSpec.to(Experiment.ANY_SERVER).closed(64, Double.POSITIVE_INFINITY, ThinkTime.none())
 *         .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST).warmup(ofSeconds(1)).duration(ofSeconds(2)).build();
 * ExperimentResult result = Lab.run(Experiment.of(plan, ServerConfig.defaults().withWork(Work.parse("sleep:10ms")), load));
 * }</pre>
 *
 * @param arms by label, one for each of the plan's
 */
public record Experiment(Plan plan, Map<String, Arm> arms) {

    /** A placeholder target for the load: every trial aims it at its own fresh server. */
    public static final URI ANY_SERVER = URI.create("http://127.0.0.1/");

    public Experiment {
        Objects.requireNonNull(plan, "plan");
        arms = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arms));
        if (!arms.keySet().equals(new java.util.HashSet<>(plan.models()))) {
            throw new IllegalArgumentException("experiment " + plan.name() + " plans arms " + plan.models()
                    + " but is given arms " + arms.keySet());
        }
        arms.forEach((label, arm) -> {
            if (!arm.model().equals(plan.modelOf().get(label))) {
                throw new IllegalArgumentException("arm " + label + " runs " + arm.model() + " but the plan says "
                        + plan.modelOf().get(label));
            }
        });
    }

    /** Every arm its model, started with the same {@code server} configuration and loaded alike. */
    public static Experiment of(Plan plan, ServerConfig server, LoadSpec load) {
        Map<String, Arm> arms = new LinkedHashMap<>();
        for (String label : plan.models()) {
            arms.put(label, Arm.of(label, plan.modelOf().get(label), server, load));
        }
        return new Experiment(plan.withConditions(conditions(server, load)), arms);
    }

    /** Arms of their own, as the plan lists them (see {@link Plan.Builder#arms(List)}). */
    public static Experiment of(Plan plan, List<Arm> arms) {
        Map<String, Arm> byLabel = new LinkedHashMap<>();
        arms.forEach(arm -> byLabel.put(arm.label(), arm));
        return new Experiment(plan, byLabel);
    }

    /** The arm labelled {@code label}. */
    public Arm arm(String label) {
        Arm arm = arms.get(label);
        if (arm == null) {
            throw new IllegalArgumentException("experiment " + plan.name() + " has no arm labelled '" + label
                    + "'; its arms are " + plan.models());
        }
        return arm;
    }

    /** What every trial runs under, in the words of the report. */
    public static Map<String, String> conditions(ServerConfig server, LoadSpec load) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("work", server.work().toString());
        c.put("load", load.profile().toString());
        c.put("connections", load.mode() == ConnectionMode.KEEP_ALIVE ? "keep-alive" : "a new connection per request");
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
