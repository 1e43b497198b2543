package loadlab.experiment;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import loadlab.load.ClosedLoop;
import loadlab.load.FailureCategory;
import loadlab.load.LoadGenerator;
import loadlab.load.LoadSpec;
import loadlab.load.SecondSample;
import loadlab.load.TrialResult;
import loadlab.server.ServerConfig;
import loadlab.server.ServerProcess;
import loadlab.stats.LawCheck;
import loadlab.stats.OperationalLaws;

/**
 * A real trial: a fresh server in a JVM of its own, loaded by the generator for a warm-up and a
 * measurement window while its process tree is sampled from /proc, then stopped. A fresh server
 * per trial keeps one trial's leftovers (a full accept queue, a heap to collect, a pool grown
 * large) out of the next.
 */
public final class ServerTrial implements TrialFunction {

    /** How often /proc is read during the window: often enough to catch peaks of a 2-second window. */
    public static final Duration SAMPLING_PERIOD = Duration.ofMillis(100);

    /**
     * How far an operational law may be off before the trial is flagged, plus R / window: the
     * laws hold exactly over a span that starts and ends empty, and a window cuts through the
     * requests in flight at its edges, an error of the order of one response time per window.
     */
    public static final double LAW_TOLERANCE = 0.10;

    private static final int MAX_EXAMPLES = 5;

    private final ServerConfig server;
    private final LoadSpec load;

    /** @param load the load of every trial; its target is replaced by each fresh server's address */
    public ServerTrial(ServerConfig server, LoadSpec load) {
        this.server = server;
        this.load = load;
    }

    @Override
    public Measurement run(String model) throws IOException, InterruptedException {
        try (ServerProcess process = ServerProcess.start(model, server)) {
            LoadSpec spec = aimedAt(load, process.uri());
            TrialResult result;
            ServerResources resources;
            try (ResourceSampler sampler = ResourceSampler.start(process.pid(), SAMPLING_PERIOD, spec.warmup())) {
                result = LoadGenerator.run(spec);
                resources = sampler.stop();
            }
            return measurement(result, resources, spec);
        }
    }

    /** The same load aimed at another server. */
    public static LoadSpec aimedAt(LoadSpec spec, URI target) {
        return new LoadSpec(target, spec.profile(), spec.mode(), spec.request(), spec.duration(), spec.warmup(),
                spec.connectTimeout(), spec.readTimeout(), spec.maxRequests(), spec.allowRemote());
    }

    static Measurement measurement(TrialResult r, ServerResources resources, LoadSpec spec) {
        Map<String, Long> byCategory = new LinkedHashMap<>();
        List<String> examples = new ArrayList<>();
        for (FailureCategory category : FailureCategory.values()) {
            long n = r.failuresByCategory().getOrDefault(category, 0L);
            if (n > 0) {
                byCategory.put(category.name(), n);
            }
            for (String example : r.failureExamples().getOrDefault(category, List.of())) {
                if (examples.size() < MAX_EXAMPLES) {
                    examples.add(category + ": " + example);
                }
            }
        }
        List<Second> series = r.series().stream()
                .map(s -> new Second(s.second(), s.successes(), s.failures(), s.p99Micros())).toList();
        return new Measurement(r.requests(), r.successes(), r.failures(), byCategory, examples,
                r.window().toNanos() / 1e9, r.rps(), Latency.of(r.latency()), Latency.of(r.uncorrectedLatency()),
                series, resources, laws(r, spec), r.warnings());
    }

    /**
     * The closed-loop checks of the operational laws: Little's law against the generator's own
     * count of requests in flight, and the interactive response time law against the users and
     * think time. A law that fails says the measurement is off (for example, users who spend time
     * neither waiting nor thinking because the generator is starved of CPU), not that the law is.
     */
    static List<LawCheck> laws(TrialResult r, LoadSpec spec) {
        if (!(spec.profile() instanceof ClosedLoop closed) || r.successes() == 0 || r.failures() > 0) {
            return List.of();
        }
        double window = r.window().toNanos() / 1e9;
        double throughput = r.requests() / window;
        double response = r.latency().getMean() / 1e6;
        double tolerance = Math.ceil((LAW_TOLERANCE + response / window) * 100) / 100; // whole percents read better
        List<LawCheck> checks = new ArrayList<>();
        checks.add(OperationalLaws.checkLittle(r.meanInFlight(), throughput, response, tolerance));
        // Only when every user was already running as the window opened.
        double allStartedAfter = (closed.users() - 1) / closed.spawnRatePerSec();
        if (allStartedAfter <= spec.warmup().toNanos() / 1e9) {
            checks.add(OperationalLaws.checkInteractive(closed.users(), r.meanThinkSeconds(), response, throughput,
                    tolerance));
        }
        return checks;
    }
}
