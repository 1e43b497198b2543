package loadlab.experiments;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import loadlab.experiment.Latency;
import loadlab.experiment.Measurement;
import loadlab.experiment.ResourceSampler;
import loadlab.experiment.Second;
import loadlab.experiment.ServerResources;
import loadlab.experiment.ServerTrial;
import loadlab.experiment.TrialFunction;
import loadlab.load.FailureCategory;
import loadlab.load.LoadGenerator;
import loadlab.load.LoadSpec;
import loadlab.load.TrialResult;
import loadlab.server.ServerConfig;
import loadlab.server.ServerProcess;

/**
 * A {@link ServerTrial} whose server freezes once in the middle of the measurement window, as a
 * process does in a long stop-the-world garbage collection, or when someone presses Ctrl-Z in its
 * terminal (Gil Tene's demonstration in "How NOT to measure latency"): SIGSTOP, a pause, SIGCONT.
 * While the server is frozen the kernel still completes TCP handshakes into its listen backlog and
 * buffers the requests; nothing is answered until it runs again. Linux (or any POSIX system with
 * {@code kill}) only, as the lab's /proc sampling already is.
 */
final class FrozenServerTrial implements TrialFunction {

    private final ServerConfig server;
    private final LoadSpec load;
    private final Duration intoWindow;
    private final Duration length;

    /** Freezes the server {@code intoWindow} after the window opens, for {@code length}. */
    FrozenServerTrial(ServerConfig server, LoadSpec load, Duration intoWindow, Duration length) {
        this.server = server;
        this.load = load;
        this.intoWindow = intoWindow;
        this.length = length;
    }

    @Override
    public Measurement run(String model) throws IOException, InterruptedException {
        try (ServerProcess process = ServerProcess.start(model, server)) {
            LoadSpec spec = ServerTrial.aimedAt(load, process.uri());
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread freezer = Thread.ofPlatform().name("freezer").start(() -> {
                try {
                    freezeOnce(process.pid(), spec.warmup().plus(intoWindow), length);
                } catch (IOException e) {
                    failure.set(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the trial ended first: nothing to freeze
                }
            });
            TrialResult result;
            ServerResources resources;
            try (ResourceSampler sampler = ResourceSampler.start(process.pid(), ServerTrial.SAMPLING_PERIOD, spec.warmup())) {
                result = LoadGenerator.run(spec);
                resources = sampler.stop();
            } finally {
                freezer.interrupt();
                freezer.join();
            }
            if (failure.get() != null) {
                throw new IOException("could not freeze the " + model + " server: " + failure.get().getMessage(), failure.get());
            }
            return measurement(result, resources);
        }
    }

    private static void freezeOnce(long pid, Duration after, Duration length) throws IOException, InterruptedException {
        TimeUnit.NANOSECONDS.sleep(after.toNanos());
        signal("STOP", pid);
        try {
            TimeUnit.NANOSECONDS.sleep(length.toNanos());
        } finally {
            signal("CONT", pid); // even when interrupted (the sleep cleared the flag): a frozen server can't close
        }
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).redirectErrorStream(true).start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " failed: "
                    + new String(kill.getInputStream().readAllBytes()).strip());
        }
    }

    // What ServerTrial measures, without the operational laws: a frozen server is not in a steady state.
    private static Measurement measurement(TrialResult r, ServerResources resources) {
        Map<String, Long> byCategory = new LinkedHashMap<>();
        List<String> examples = new ArrayList<>();
        for (FailureCategory category : FailureCategory.values()) {
            long n = r.failuresByCategory().getOrDefault(category, 0L);
            if (n > 0) {
                byCategory.put(category.name(), n);
                r.failureExamples().getOrDefault(category, List.of()).stream().limit(2)
                        .forEach(example -> examples.add(category + ": " + example));
            }
        }
        List<Second> series = r.series().stream()
                .map(s -> new Second(s.second(), s.successes(), s.failures(), s.p99Micros())).toList();
        return new Measurement(r.requests(), r.successes(), r.failures(), byCategory, examples,
                r.window().toNanos() / 1e9, r.rps(), Latency.of(r.latency()), Latency.of(r.uncorrectedLatency()),
                series, resources, List.of(), r.warnings());
    }
}
