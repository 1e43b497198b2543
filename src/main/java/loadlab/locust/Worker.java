package loadlab.locust;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import loadlab.Durations;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadGenerator;
import loadlab.load.LoadSpec;
import loadlab.load.OpenLoop;
import loadlab.load.ThinkTime;
import loadlab.load.TrialResult;

/**
 * A locust worker whose users are loadlab's generator. It speaks the protocol of locust 2.12's
 * {@code WorkerRunner} ({@code locust/runners.py}): {@code client_ready}, then the master's
 * {@code ack}; a {@code spawn} is answered with {@code spawning}, a run of the generator with the
 * users it gives, and {@code spawning_complete}; {@code heartbeat} every second, {@code stats}
 * every 3 s; {@code stop} ends the run (final stats, {@code client_stopped}, {@code client_ready}
 * again), {@code quit} ends it and the worker, {@code reconnect} renews the socket.
 *
 * <p>One thread, the caller of {@link #run()}, owns the socket and the state; the generator runs on
 * its own ({@link GeneratorRun}) and its requests feed the {@link LocustStats} and the
 * {@link LatencyLog} from its loop threads. A change of the user count stops the run and starts
 * another with the new count (the users reconnect); so does the end of a run's window, an hour.
 *
 * <p>Bad masters: one that does not answer within the master timeout, or whose connection stays
 * closed that long, ends the worker with exit code 1; so does one that speaks locust 1.x or older.
 * A target that is not a loopback address ends it with code 2 unless remote targets are allowed.
 */
public final class Worker implements AutoCloseable {

    /** What the command line gives a worker. */
    public record Options(String masterHost, int masterPort, String host, ThinkTime think, ConnectionMode mode,
                          Double ratePerSec, int maxInFlight, boolean allowRemote, Path logDir, Duration masterTimeout,
                          int loops) {
    }

    /** The protocol's states, by the names locust's heartbeat uses. */
    private enum State {
        READY("ready"), SPAWNING("spawning"), RUNNING("running"), STOPPING("stopping");

        final String locust;

        State(String locust) {
            this.locust = locust;
        }
    }

    /** What to do once the current run has ended. */
    private enum Then { CONTINUE, READY, QUIT, RESPAWN }

    /** A spawn's orders: users per class, and where. */
    private record Spawn(Map<String, Long> userClassesCount, URI target) {
        long users() {
            return userClassesCount.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static final long HEARTBEAT_NANOS = 1_000_000_000L;       // locust's HEARTBEAT_INTERVAL
    static final long STATS_NANOS = 3_000_000_000L;           // locust's WORKER_REPORT_INTERVAL
    static final long LOG_INTERVAL_NANOS = 1_000_000_000L;
    static final long READY_RETRY_NANOS = 2_000_000_000L;
    /** A run's window: long enough for any test here, short enough that its per-second arrays stay small. */
    static final Duration SEGMENT = Duration.ofHours(1);
    /** How long the worker's thread waits for a message before it looks at its timers and its run. */
    private static final long POLL_MILLIS = 20;

    private final Options options;
    private final PrintWriter out;
    private final PrintWriter err;
    private final String nodeId;
    private final CountDownLatch finished = new CountDownLatch(1);
    private MasterLink link;
    private LatencyLog log;
    private LocustStats stats;
    private GeneratorRun run;
    private Spawn current;
    private Spawn pending;
    private Then then = Then.CONTINUE;
    private State state = State.READY;
    private boolean acked;
    private double lastSpawnTimestamp;
    private long lastMasterHeartbeat = -1;
    private TrialResult total;
    private final ProcessUse cpu = new ProcessUse();
    private volatile boolean quitRequested;
    private volatile long reportedSinceStop;
    private long stopRequested;

    public Worker(Options options, PrintWriter out, PrintWriter err) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.nodeId = hostname() + "_loadlab_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public String nodeId() {
        return nodeId;
    }

    /** Everything this worker's runs measured, added up; null before its first run has ended. */
    public synchronized TrialResult total() {
        return total;
    }

    /**
     * The requests in the stats messages sent since the last stop or quit came: what a master that
     * stopped listening right then can lack (locust's CSV writer, which writes once a second).
     */
    public long reportedSinceStop() {
        return reportedSinceStop;
    }

    /** The latency log, once it exists (with {@code logDir}). */
    public Path logFile() {
        return log == null ? null : log.file();
    }

    /** Asks a running worker to end as if its master had said quit (Ctrl-C); waits for it at most {@code d}. */
    public void quit(Duration d) throws InterruptedException {
        quitRequested = true;
        finished.await(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Joins the master and works until it says quit (0), it is lost or unsupported (1), or it sends
     * the load to a remote target that is not allowed (2). Everything it started is stopped before
     * it returns.
     */
    public int run() throws IOException, InterruptedException {
        try {
            if (options.logDir() != null) {
                log = LatencyLog.create(options.logDir(), nodeId);
            }
            link = new MasterLink(options.masterHost(), options.masterPort(), nodeId);
            out.printf("loadlab locust-worker %s: joining the master at %s%n", nodeId, link.endpoint());
            out.flush();
            return work();
        } finally {
            close();
            finished.countDown();
        }
    }

    private int work() throws InterruptedException {
        long start = System.nanoTime();
        link.send("client_ready", -1); // -1: a worker in another language; locust then skips its version check
        long lastReady = start;
        int tries = 1;
        long nextHeartbeat = start;
        long nextStats = start + STATS_NANOS;
        long nextInterval = start + LOG_INTERVAL_NANOS;
        while (true) {
            if (Thread.interrupted()) { // ZeroMQ's poll returns on an interrupt without saying so
                throw new InterruptedException("the locust worker was interrupted");
            }
            Message m;
            try {
                m = link.receive(POLL_MILLIS);
            } catch (IllegalArgumentException e) {
                err.println("loadlab locust-worker: ignoring a frame from the master: " + e.getMessage());
                continue;
            }
            if (m != null) {
                Integer code = handle(m);
                if (code != null) {
                    return code;
                }
            }
            long now = System.nanoTime();
            if (!acked && now - start >= options.masterTimeout().toNanos()) {
                return fail(1, "no answer from the locust master at " + link.endpoint() + " within "
                        + Durations.format(options.masterTimeout()) + " (" + tries + " tries of client_ready): is it running,"
                        + " with --master, and is its --master-bind-host reachable from here?");
            }
            if (!acked && now - lastReady >= READY_RETRY_NANOS) {
                link.send("client_ready", -1);
                lastReady = now;
                tries++;
            }
            long down = link.disconnectedFor(now);
            if (down >= options.masterTimeout().toNanos()) {
                return fail(1, "lost the locust master at " + link.endpoint() + ": its connection closed "
                        + String.format(Locale.ROOT, "%.1f s", down / 1e9) + " ago and did not come back within the master timeout ("
                        + Durations.format(options.masterTimeout()) + ", --master-timeout)");
            }
            if (lastMasterHeartbeat > 0 && now - lastMasterHeartbeat >= options.masterTimeout().toNanos()) {
                return fail(1, "lost the locust master at " + link.endpoint() + ": no heartbeat from it for "
                        + Durations.format(options.masterTimeout()) + " (--master-timeout)");
            }
            if (now >= nextHeartbeat) {
                heartbeat();
                nextHeartbeat = now + HEARTBEAT_NANOS;
            }
            if (now >= nextInterval && log != null) {
                log.interval();
                nextInterval = now + LOG_INTERVAL_NANOS;
            }
            if (acked && stats != null && now >= nextStats) {
                sendStats();
                nextStats = now + STATS_NANOS;
            }
            if (quitRequested && then != Then.QUIT) {
                Integer code = quit();
                if (code != null) {
                    return code;
                }
            }
            if (run != null && run.done()) {
                Integer code = runEnded();
                if (code != null) {
                    return code;
                }
            }
        }
    }

    /** One message from the master; an exit code when the worker must end. */
    private Integer handle(Message m) throws InterruptedException {
        switch (m.type()) {
            case "ack" -> {
                acked = true;
                Object index = m.dataMap().get("index");
                out.printf("loadlab locust-worker %s: joined%s%n", nodeId, index == null ? "" : " as worker " + index);
                out.flush();
            }
            case "spawn" -> {
                return spawn(m.dataMap());
            }
            case "stop" -> {
                if (run != null) {
                    then = Then.READY;
                    stopRun();
                } else {
                    stopped();
                }
            }
            case "quit" -> {
                return quit();
            }
            case "reconnect" -> {
                err.println("loadlab locust-worker: the master asked for a new connection; reconnecting");
                link.reset();
            }
            case "heartbeat" -> lastMasterHeartbeat = System.nanoTime(); // newer masters send one; 2.12's never does
            case "hatch" -> {
                return fail(1, "the master at " + link.endpoint() + " speaks locust 0.x (it sent 'hatch'); "
                        + "loadlab's worker speaks locust 2.x (2.12 and later): upgrade the master");
            }
            default -> err.println("loadlab locust-worker: ignoring a '" + m.type() + "' message from the master");
        }
        return null;
    }

    private Integer spawn(Map<Object, Object> job) {
        if (!(job.get("user_classes_count") instanceof Map<?, ?> classes)) {
            return fail(1, "the master at " + link.endpoint() + " sent a spawn without user_classes_count: it speaks locust 1.x "
                    + "or older; loadlab's worker speaks locust 2.x (2.12 and later): upgrade the master");
        }
        link.send("spawning", null);
        if (then == Then.QUIT) {
            return null; // quitting: no new run
        }
        double timestamp = job.get("timestamp") instanceof Number n ? n.doubleValue() : 0;
        if (timestamp != 0 && timestamp <= lastSpawnTimestamp) {
            return null; // an older order than the one we follow, as locust's worker discards it
        }
        lastSpawnTimestamp = timestamp;
        Map<String, Long> counts = new LinkedHashMap<>();
        classes.forEach((k, v) -> counts.put(String.valueOf(k), ((Number) v).longValue()));
        Object masterHost = job.get("host");
        String host = options.host() != null ? options.host() : masterHost == null ? "" : masterHost.toString();
        if (host.isBlank()) {
            String problem = "no target: the master has no --host, and this worker none either (--host http://HOST:PORT)";
            err.println("loadlab locust-worker: " + problem);
            link.send("exception", Map.of("msg", problem, "traceback", ""));
            return null;
        }
        URI target;
        try {
            target = new URI(host.endsWith("/") || host.indexOf('/', host.indexOf("//") + 2) > 0 ? host : host + "/");
            LoadGenerator.resolve(spec(new Spawn(counts, target)));
        } catch (URISyntaxException | IllegalArgumentException e) {
            String problem = e instanceof URISyntaxException ? "not a URL: " + host : e.getMessage();
            link.send("exception", Map.of("msg", "loadlab: " + problem, "traceback", ""));
            return fail(2, problem);
        }
        Spawn spawn = new Spawn(counts, target);
        if (run != null && then == Then.CONTINUE && spawn.equals(current)) {
            link.send("spawning_complete", Map.of("user_classes_count", counts, "user_count", spawn.users()));
            return null; // the same orders again: the run goes on
        }
        if (state == State.READY) {
            stats = new LocustStats("GET", spawn.target().getRawPath(), epochSeconds()); // locust clears its stats at a test's start
        }
        if (run != null) {
            pending = spawn;
            then = Then.RESPAWN;
            run.stop();
            return null;
        }
        startRun(spawn);
        return null;
    }

    private void startRun(Spawn spawn) {
        current = spawn;
        then = Then.CONTINUE;
        if (spawn.users() > 0) {
            LoadSpec spec = spec(spawn);
            if (log != null) {
                log.interval(); // the run's first interval starts with it, not at the last tick before: a merge's window is the runs'
                boolean open = spec.profile() instanceof OpenLoop;
                log.describe(spec.target().toString(), spec.request().method(), spec.request().path(), spec.mode().name(),
                        open ? "open" : "closed", open ? options.ratePerSec() : spawn.users());
            }
            LocustStats s = stats;
            LatencyLog l = log;
            run = GeneratorRun.start(spec, (latency, uncorrected, bytes, failure, status) -> {
                s.record(latency, bytes, failure, status, System.currentTimeMillis());
                if (l != null) {
                    l.record(latency, uncorrected, failure, status);
                }
            });
        }
        state = State.RUNNING;
        link.send("spawning_complete", Map.of("user_classes_count", spawn.userClassesCount(), "user_count", spawn.users()));
        out.printf(Locale.ROOT, "loadlab locust-worker %s: %d users against %s%s%n", nodeId, spawn.users(), spawn.target(),
                options.ratePerSec() == null ? "" : String.format(Locale.ROOT, ", an open loop at %.1f/s", options.ratePerSec()));
        out.flush();
    }

    private LoadSpec spec(Spawn spawn) {
        LoadSpec.Builder b = LoadSpec.to(spawn.target()).mode(options.mode()).duration(SEGMENT).warmup(Duration.ZERO)
                .allowRemote(options.allowRemote()).loops(options.loops());
        if (options.ratePerSec() != null) {
            b.open(options.ratePerSec(), false, options.maxInFlight());
        } else {
            b.closed((int) Math.max(1, spawn.users()), Double.POSITIVE_INFINITY, options.think());
        }
        return b.build();
    }

    /** The run has ended: add it up, then do what was asked of the worker meanwhile. */
    private Integer runEnded() {
        TrialResult result;
        try {
            result = run.result();
        } catch (IllegalStateException e) {
            run = null;
            link.send("exception", Map.of("msg", "loadlab: " + e.getMessage(), "traceback", ""));
            return fail(1, e.getMessage());
        }
        run = null;
        synchronized (this) {
            total = total == null ? result : total.merge(result);
        }
        out.printf(Locale.ROOT, "loadlab locust-worker %s: run ended%s: %s%n", nodeId, state == State.STOPPING
                ? String.format(Locale.ROOT, " %.0f ms after the stop", (System.nanoTime() - stopRequested) / 1e6) : "", result);
        out.flush();
        switch (then) {
            case READY -> stopped();
            case QUIT -> {
                return quitNow();
            }
            case RESPAWN -> startRun(pending);
            case CONTINUE -> startRun(current); // the window ran out: the test goes on
        }
        return null;
    }

    /** After a stop: the last stats, then ready for the next test, as locust's worker does. */
    private void stopped() {
        if (stats != null) {
            sendStats();
        }
        link.send("client_stopped", null);
        link.send("client_ready", -1);
        state = State.READY;
        current = null;
    }

    /**
     * Stops the run. Its stats so far go to the master at once: a master that is quitting waits only
     * half a second for the last ones (locust's MasterRunner.quit), and the run may take longer to
     * finish the requests it has out. Those few, at most one per user (or --max-in-flight), follow
     * when it has.
     */
    private void stopRun() {
        state = State.STOPPING;
        stopRequested = System.nanoTime();
        reportedSinceStop = 0;
        if (stats != null) {
            sendStats();
        }
        run.stop();
    }

    private Integer quit() {
        then = Then.QUIT;
        if (run != null) {
            stopRun(); // quitNow once it has ended
            return null;
        }
        return quitNow();
    }

    private int quitNow() {
        if (stats != null) {
            sendStats(); // the master waits half a second for these
        }
        link.send("quit", null);
        TrialResult t = total();
        out.printf(Locale.ROOT, "loadlab locust-worker %s: quit; in all %s%s%n", nodeId,
                t == null ? "no requests" : t.requests() + " requests, " + t.failures() + " failures",
                log == null ? "" : "; latency log " + log.file());
        out.flush();
        return 0;
    }

    private void sendStats() {
        Map<String, Long> users = current == null || state == State.STOPPING ? Map.of() : current.userClassesCount();
        Map<String, Object> report = stats.report(users, epochSeconds());
        if (state == State.STOPPING) {
            reportedSinceStop += ((Number) ((Map<?, ?>) report.get("stats_total")).get("num_requests")).longValue();
        }
        link.send("stats", report);
    }

    private void heartbeat() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", state.locust);
        data.put("current_cpu_usage", cpu.percentSinceLast());
        data.put("current_memory_usage", cpu.rssBytes());
        link.send("heartbeat", data);
    }

    private int fail(int code, String message) {
        err.println("loadlab locust-worker: " + message);
        err.flush();
        return code;
    }

    /** Stops the run (waiting for its requests to finish or time out), closes the log and the socket. */
    @Override
    public void close() {
        try {
            if (run != null) {
                run.stop();
                if (!run.await(Duration.ofSeconds(30))) {
                    err.println("loadlab locust-worker: the generator did not stop within 30 s");
                }
                if (run.done()) {
                    try {
                        TrialResult r = run.result();
                        synchronized (this) {
                            total = total == null ? r : total.merge(r);
                        }
                    } catch (IllegalStateException ignored) {
                        // already ending with an error; the run's own failure was reported where it happened
                    }
                }
                run = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (log != null) {
                log.close();
            }
            if (link != null) {
                link.close();
                link = null;
            }
        }
    }

    private static double epochSeconds() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
