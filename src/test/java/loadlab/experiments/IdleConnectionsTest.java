package loadlab.experiments;

import static loadlab.experiment.ExperimentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import loadlab.Lab;
import loadlab.experiment.Arm;
import loadlab.experiment.Experiment;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Measurement;
import loadlab.experiment.Plan;
import loadlab.experiment.ServerResources;
import loadlab.load.ConnectionMode;
import loadlab.load.DescriptorLimit;
import loadlab.load.FailureCategory;
import loadlab.load.HeldConnections;
import loadlab.load.Hold;
import loadlab.load.LoadSpec;
import loadlab.load.SecondSample;
import loadlab.load.ThinkTime;
import loadlab.load.TrialResult;
import loadlab.report.ConnectionCostChart;
import loadlab.report.Report;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * <h2>What does a connection cost while it waits? (C10K)</h2>
 *
 * <p><b>Question.</b> Ten thousand clients connect and send nothing: keep-alive connections between
 * requests, a chat app's sockets. What does each model pay for them, and does it still serve the
 * few clients that do send?
 *
 * <p><b>Prediction.</b> Held connections open at {@value #HOLD_RATE}/s ({@value #THREADS_HOLD_RATE}/s for
 * thread-per-connection); then a probe of
 * {@value #PROBE_USERS} closed-loop users, thinking 1 ms, measures RPS for 1.5 s.
 * <ul>
 *   <li>thread-per-connection pays a platform thread per held connection: between
 *       {@value #THREADS_PER_HELD_LOW} and {@value #THREADS_PER_HELD_HIGH} more threads per connection it
 *       has taken in (a descriptor each) at every level (100, 1,000, 10,000).</li>
 *   <li>virtual-threads and event-loop keep their platform threads flat (at most {@value #FLAT_THREADS}
 *       more with 10,000 held than with none), and serve the probe at no less than
 *       {@value #PROBE_SHARE} of their rate without held connections (the whole 95% repeated interval of
 *       the paired ratio, of 3 to 5 interleaved rounds: the precision those rounds support when a busy
 *       machine can take up to half of any trial, ClaimErrorRatesTest).</li>
 *   <li>thread-pool with {@value #POOL_THREADS} threads and no queue, holding {@value #POOL_HELD}: the
 *       first {@value #POOL_THREADS} take every thread and the rest are answered 503; so is every probe
 *       request, none served, until the idle timeout ({@value #IDLE_TIMEOUT_SECONDS} s here) frees the
 *       threads; then the probe is served again.</li>
 *   <li>single-threaded, holding one: the probe's requests wait behind it (their 500 ms read timeout
 *       runs out) until the idle timeout frees the thread; then they are served again.</li>
 * </ul>
 * Left out: process-per-connection (a JVM per held connection: 10,000 would need some 400 GB),
 * prefork (each worker serves one connection at a time, as single-threaded does; PreforkHashingTest
 * shows what one held connection does to it), naive (it reads once and closes: nothing to hold).
 *
 * <p><b>Run</b> {@code mvn test -Dtest=IdleConnectionsTest} (about 2 minutes). 10,000 connections need
 * 10,000 file descriptors on each side: the JVM raises its soft limit to the hard one at start
 * (HotSpot's MaxFDLimit), and the test scales the top level down, and says so, where that is not enough.
 *
 * <p><b>You should see</b> (2 cores, 2026-12-07, a quiet machine) thread-per-connection at 1.00 thread
 * and 139 KiB per held connection, virtual-threads at 36 KiB and event-loop at 6 KiB with their threads
 * flat (a kernel socket each, which /proc's RSS does not count). Charts: target/loadlab/idle-connections-cost/.
 */
@Tag("experiment")
class IdleConnectionsTest {

    static final int PROBE_USERS = 4;
    static final int MOST_HELD = 10_000;
    /** Held connections opened a second: as fast as each model takes them in on 2 cores beside the generator. */
    static final double HOLD_RATE = 10_000;
    /** thread-per-connection's acceptor starts a thread for each: slower. */
    static final double THREADS_HOLD_RATE = 4_000;
    /** The probe's own warm-up, after the opening: both JVMs' JIT still climbs for a second or two. */
    static final Duration PROBE_WARMUP = Duration.ofSeconds(1);
    /**
     * The probe users think 1 ms between requests: interactive clients with a rate of their own, about
     * 4 / (1 ms + R). Without it the probe measures how fast the generator and the server together can
     * go on 2 cores, which swings by half from one trial to the next; with it a server slowed by the held
     * connections (R growing from 0.2 ms to over 0.5) shows as a lower rate, and noise barely moves it.
     */
    static final Duration PROBE_THINK = Duration.ofMillis(1);
    /**
     * thread-per-connection's acceptor makes a thread per connection, slower than they arrive (and on a
     * busy machine, far slower: 2 s once left it at 5,650 threads of 10,000): time to catch up, and a
     * window long enough for the peak to see the last of them.
     */
    static final Duration THREADS_SETTLE = Duration.ofSeconds(5);
    static final Duration THREADS_WINDOW = Duration.ofSeconds(2);
    /** A trial for the resources alone: a short probe, no figure of it asserted. */
    static final Duration SHORT_WARMUP = Duration.ofMillis(500);
    static final Duration SHORT_WINDOW = Duration.ofMillis(500);
    static final Duration WINDOW = Duration.ofMillis(1500);
    static final double THREADS_PER_HELD_LOW = 0.9;
    static final double THREADS_PER_HELD_HIGH = 1.1;
    static final int FLAT_THREADS = 8;
    static final double PROBE_SHARE = 0.3;
    static final int POOL_THREADS = 8;
    static final int POOL_HELD = 2 * POOL_THREADS;
    static final long IDLE_TIMEOUT_SECONDS = 5;
    static final Duration PROBE_READ_TIMEOUT = Duration.ofMillis(500);
    /** Descriptors beyond the held connections and the probe: the JVM's own files, the server's listener. */
    static final int SPARE_DESCRIPTORS = 200;

    static final String VIRTUAL = "virtual-threads";
    static final String LOOP = "event-loop";
    static final String THREADS = "thread-per-connection";
    static final String OFFLOAD = "event-loop-offload";

    static int mostHeld;
    static ExperimentResult probe;
    static final Map<String, Map<Integer, ServerResources>> cost = new LinkedHashMap<>();
    static final Map<String, Map<Integer, Double>> probeRps = new LinkedHashMap<>();
    static TrialResult pool;
    static TrialResult single;

    @BeforeAll
    static void runTheExperiment() throws Exception {
        mostHeld = mostHeldTheLimitsAllow();
        ServerConfig server = ServerConfig.defaults(); // idle timeout 10 s: longer than any trial here

        // What the rest of the levels cost: one trial each (a count of threads is not noisy). First, so that the
        // generator's own JIT is warm before the comparison: the first trial of a fresh test JVM runs slower.
        for (int n : levels(THREADS, 0)) {
            boolean many = n > 1_000; // a thousand it takes in as they come
            record(THREADS, n, Lab.validTrial(Arm.of(held(THREADS, n), THREADS, server, probe(n, THREADS_HOLD_RATE,
                    SHORT_WARMUP.plus(many ? THREADS_SETTLE : Duration.ZERO), many ? THREADS_WINDOW : SHORT_WINDOW))));
        }
        for (String model : List.of(VIRTUAL, LOOP)) {
            for (int n : levels(model, 100)) {
                if (n < mostHeld) {
                    record(model, n, Lab.validTrial(Arm.of(held(model, n), model, server, shortProbe(n))));
                }
            }
        }
        for (int n : List.of(0, mostHeld)) {
            record(OFFLOAD, n, Lab.validTrial(Arm.of(held(OFFLOAD, n), OFFLOAD, server, shortProbe(n))));
        }

        // The probe's rate with and without held connections: rounds, interleaved, compared.
        List<Arm> arms = new ArrayList<>();
        for (String model : List.of(VIRTUAL, LOOP)) {
            arms.add(Arm.of(model, model, server, probe(0, HOLD_RATE, PROBE_WARMUP, WINDOW)));
            arms.add(Arm.of(held(model, mostHeld), model, server, probe(mostHeld, HOLD_RATE, PROBE_WARMUP, WINDOW)));
        }
        probe = Lab.run(Experiment.of(Plan.named("idle-connections").arms(arms)
                .compare(held(VIRTUAL, mostHeld), VIRTUAL, PROBE_SHARE).compare(held(LOOP, mostHeld), LOOP, PROBE_SHARE)
                .rounds(3, 5).budget(Duration.ofSeconds(85)).build(), arms));
        for (String model : List.of(VIRTUAL, LOOP)) {
            record(model, 0, median(probe, model));
            record(model, mostHeld, median(probe, held(model, mostHeld)));
        }

        // The models that a few held connections stop: a timeline, with a short idle timeout.
        ServerConfig shortIdle = ServerConfig.defaults().withIdleTimeout(Duration.ofSeconds(IDLE_TIMEOUT_SECONDS));
        Measurement p = Lab.validTrial(Arm.of("thread-pool, " + POOL_HELD + " held", "thread-pool",
                shortIdle.withThreads(POOL_THREADS).withQueue(0), blockedProbe(POOL_HELD)));
        record("thread-pool", POOL_HELD, p);
        pool = p.load();
        Measurement s = Lab.validTrial(Arm.of("single-threaded, 1 held", "single-threaded", shortIdle, blockedProbe(1)));
        record("single-threaded", 1, s);
        single = s.load();

        printTable();
        Path charts = Report.DEFAULT_ROOT.resolve("idle-connections-cost");
        Map<String, Map<Integer, ServerResources>> sweeps = new LinkedHashMap<>(cost);
        sweeps.keySet().retainAll(List.of(THREADS, VIRTUAL, LOOP, OFFLOAD));
        ConnectionCostChart.write(sweeps, charts);
        System.out.println("  charts: " + charts.toAbsolutePath());
    }

    /**
     * The probe: 4 users, keep-alive, no think time, once {@code held} idle connections are open (the
     * generator starts its users after the opening). Its own warm-up is the same second at every
     * level, so that the server's JIT has seen as many requests whatever is held.
     */
    /** The same probe, shorter: for the resources at the other levels, whose RPS no prediction names. */
    static LoadSpec shortProbe(int held) {
        return probe(held, HOLD_RATE, SHORT_WARMUP, SHORT_WINDOW);
    }

    static LoadSpec probe(int held, double holdRate, Duration warmup, Duration window) {
        Hold hold = Hold.idle(held, holdRate);
        return LoadSpec.to(Experiment.ANY_SERVER).closed(PROBE_USERS, Double.POSITIVE_INFINITY, ThinkTime.constant(PROBE_THINK))
                .hold(hold).connectTimeout(Duration.ofSeconds(5)) // a SYN lost to a full accept queue is sent again after 1 s and 3 s
                .warmup(hold.opening().plus(warmup)).duration(window).build();
    }

    /**
     * The probe against a model that held connections block: a new connection per request (a user's
     * keep-alive connection would itself hold single-threaded), a short read timeout so that a wait
     * shows in the second it began, and 7 s: the idle timeout (5 s) falls inside the window.
     */
    static LoadSpec blockedProbe(int held) {
        Hold hold = Hold.idle(held, 100); // slowly enough that every one is in place before the probe starts
        return LoadSpec.to(Experiment.ANY_SERVER).closed(PROBE_USERS, Double.POSITIVE_INFINITY, ThinkTime.constant(Duration.ofMillis(20)))
                .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST).hold(hold).readTimeout(PROBE_READ_TIMEOUT)
                .warmup(hold.opening().plusMillis(500)).duration(Duration.ofSeconds(7)).build();
    }

    static String held(String model, int n) {
        return n == 0 ? model : model + " + " + n + " held";
    }

    static List<Integer> levels(String model, int from) {
        int most = model.equals(THREADS) ? Math.min(mostHeld, mostThreads()) : mostHeld;
        return Stream.of(0, 100, 1_000, MOST_HELD).filter(n -> n >= from).map(n -> Math.min(n, most)).distinct().toList();
    }

    /**
     * The most connections both sides may hold: the open-file limit (already raised to the hard
     * limit by the JVM) for this JVM, whose limit the server's JVM shares; scaled down, and said, if short.
     */
    static int mostHeldTheLimitsAllow() {
        long allowed = DescriptorLimit.connectionsAllowed() - PROBE_USERS - SPARE_DESCRIPTORS;
        System.out.println("IdleConnectionsTest: " + DescriptorLimit.describe() + " (the JVM raised its soft limit to the"
                + " hard one at start, as the server's JVM does)");
        if (allowed >= MOST_HELD) {
            return MOST_HELD;
        }
        int most = (int) Math.max(100, allowed);
        System.out.printf(Locale.ROOT, "IdleConnectionsTest: the open-file limit allows %d held connections, not %d:"
                + " holding %d at most; raise the hard limit (ulimit -Hn, as root) to see %d%n", allowed, MOST_HELD, most, MOST_HELD);
        return most;
    }

    /** thread-per-connection needs a thread per held connection: the kernel's limits on threads, less what runs now. */
    static int mostThreads() {
        long limit = Long.MAX_VALUE;
        for (String file : List.of("/proc/sys/kernel/threads-max", "/proc/sys/kernel/pid_max")) {
            try {
                limit = Math.min(limit, Long.parseLong(Files.readAllLines(Path.of(file)).get(0).strip())); // readString sees 1 byte of /proc/sys in some sandboxes
            } catch (IOException | NumberFormatException | IndexOutOfBoundsException unreadable) {
                // not Linux, or hidden: no limit known
            }
        }
        long free = limit - Thread.activeCount() - 2_000; // the machine's other threads, roughly
        if (free < MOST_HELD) {
            System.out.printf(Locale.ROOT, "IdleConnectionsTest: the kernel allows about %d more threads: thread-per-connection"
                    + " holds %d at most%n", free, Math.max(100, free));
        }
        return (int) Math.max(100, Math.min(Integer.MAX_VALUE, free));
    }

    static Measurement median(ExperimentResult r, String label) {
        List<Measurement> trials = new ArrayList<>(r.trials(label).stream().map(t -> t.measurement()).toList());
        trials.sort((a, b) -> Double.compare(a.rps(), b.rps()));
        return trials.get(trials.size() / 2);
    }

    static void record(String model, int held, Measurement m) {
        cost.computeIfAbsent(model, k -> new TreeMap<>()).put(held, m.resources());
        probeRps.computeIfAbsent(model, k -> new TreeMap<>()).put(held, m.rps());
        HeldConnections h = m.load().held();
        if (held > 0 && h.dropped() > 0) {
            System.out.println("  " + held(model, held) + ": " + h);
        }
    }

    static void printTable() {
        System.out.println();
        System.out.println("What each held connection costs (the server's peak threads, RSS and descriptors, against none held)");
        System.out.println("  (probe RPS: the median round for virtual-threads and event-loop with 0 and " + mostHeld
                + " held; else one short trial, for the resources)");
        System.out.printf(Locale.ROOT, "  %-24s %7s %8s %9s %7s %10s | %9s %9s %8s%n", "model", "held", "threads", "RSS MiB",
                "fds", "probe RPS", "thr/conn", "KiB/conn", "fds/conn");
        cost.forEach((model, levels) -> levels.forEach((n, r) -> {
            ServerResources none = levels.get(0);
            // A JVM's RSS differs by tens of MiB from one start to the next: per connection, it means something at 10,000 only.
            String kib = none == null || n < mostHeld ? "" : String.format(Locale.ROOT, "%.1f", (r.peakRssBytes() - none.peakRssBytes()) / 1024.0 / n);
            String per = none == null || n == 0 ? String.format(Locale.ROOT, "%9s %9s %8s", "", "", "")
                    : String.format(Locale.ROOT, "%9.2f %9s %8.2f", (r.peakThreads() - none.peakThreads()) / (double) n,
                    kib, (r.peakOpenFds() - none.peakOpenFds()) / (double) n);
            System.out.printf(Locale.ROOT, "  %-24s %7d %8d %9.1f %7d %10.1f | %s%n", model, n, r.peakThreads(),
                    r.peakRssBytes() / 1048576.0, r.peakOpenFds(), probeRps.get(model).get(n), per);
        }));
        System.out.println();
    }

    static double threadsPerHeld(String model, int n) {
        return (cost.get(model).get(n).peakThreads() - cost.get(model).get(0).peakThreads()) / (double) accepted(model, n);
    }

    /**
     * The held connections the server had taken in: a descriptor each. On a busy machine the acceptor
     * lags the clients (a connection is open on the client's side once the kernel has it queued), so the
     * threads are counted per connection taken in, not per connection the generator opened.
     */
    static int accepted(String model, int n) {
        return cost.get(model).get(n).peakOpenFds() - cost.get(model).get(0).peakOpenFds();
    }

    static Stream<Integer> threadLevels() {
        return levels(THREADS, 100).stream();
    }

    // A platform thread for every connection, whether it sends or not.
    @ParameterizedTest(name = "thread-per-connection with {0} held: one more thread per held connection")
    @MethodSource("threadLevels")
    void threadPerConnectionPaysAThreadPerHeldConnection(int n) {
        // First what the claim stands on: the server had taken in most of the held connections (a socket each).
        assertThat(accepted(THREADS, n)).as("held connections the server had taken in (a descriptor each) of the %d "
                + "opened: at least half, to count threads per connection", n).isGreaterThanOrEqualTo(n / 2);
        assertThat(threadsPerHeld(THREADS, n)).as("threads per held connection taken in, %d held (%d taken in)", n,
                accepted(THREADS, n))
                .isBetween(THREADS_PER_HELD_LOW, THREADS_PER_HELD_HIGH);
    }

    static Stream<String> flat() {
        return Stream.of(VIRTUAL, LOOP);
    }

    // A held connection is a parked virtual thread, or a key in a selector: no platform thread.
    @ParameterizedTest(name = "{0} keeps its platform threads flat with 10,000 held")
    @MethodSource("flat")
    void platformThreadsStayFlat(String model) {
        int none = cost.get(model).get(0).peakThreads();
        assertThat(cost.get(model).get(mostHeld).peakThreads()).as("%s's threads with %d held, against %d with none",
                model, mostHeld, none).isLessThanOrEqualTo(none + FLAT_THREADS);
    }

    // ... and the clients that do send are served about as before: the paired ratio's whole interval.
    @ParameterizedTest(name = "{0} serves the probe at 0.3 or more of its rate without held connections")
    @MethodSource("flat")
    void theProbeIsServedAsIfNothingWereHeld(String model) {
        System.out.println(probe.compare(held(model, mostHeld), model));
        assertThat(probe).model(held(model, mostHeld)).hasNoFailures().hasThroughputAtLeastTimes(PROBE_SHARE, model);
        assertThat(probe).model(model).hasNoFailures();
    }

    // Held means held: every connection opened and stayed open to the end.
    @Test
    void everyHeldConnectionWasHeldToTheEnd() {
        for (String label : List.of(held(VIRTUAL, mostHeld), held(LOOP, mostHeld))) {
            probe.trials(label).forEach(t -> assertThat(t.measurement().load().held().held()).as(label).isEqualTo(mostHeld));
        }
    }

    // T held connections take the pool's T threads: every probe request is answered 503, until the idle timeout.
    @Test
    void aThreadPoolServesNoOneBeyondItsThreadsUntilTheIdleTimeoutFreesThem() {
        printSeries("thread-pool, " + POOL_HELD + " held", pool);
        assertBlockedThenServed(pool);
        assertThat(pool.failuresByCategory()).as("it says so").containsOnlyKeys(FailureCategory.HTTP_STATUS);
        assertThat(pool.failuresByStatus()).containsOnlyKeys(503);
        assertThat(pool.held().dropReasons()).as(pool.held().toString())
                .containsEntry("closed by the server while idle, after sending HTTP/1.1 503 Service Unavailable",
                        (long) POOL_HELD - POOL_THREADS);
    }

    // One held connection takes single-threaded's only thread: the probe waits, and its read timeout runs out.
    @Test
    void singleThreadedIsBlockedByOneHeldConnection() {
        printSeries("single-threaded, 1 held", single);
        assertBlockedThenServed(single);
        assertThat(single.failuresByCategory()).as("it waits").containsOnlyKeys(FailureCategory.READ_TIMEOUT);
    }

    /**
     * Blocked: no request issued in seconds 0 to 2 of the window (until 3.7 s into the run, 1.3 s before
     * the idle timeout, the read timeout included) is served. Then served: every second after the idle
     * timeout (from 5.7 s on) serves some.
     */
    static void assertBlockedThenServed(TrialResult r) {
        List<SecondSample> series = r.series();
        assertThat(IntStream.rangeClosed(0, 2).mapToLong(s -> series.get(s).successes()).sum())
                .as("probe requests served while the held connections hold the threads").isZero();
        assertThat(IntStream.rangeClosed(5, 6).mapToLong(s -> series.get(s).successes()).min().orElseThrow())
                .as("probe requests served in each second after the idle timeout has freed them").isPositive();
    }

    static void printSeries(String what, TrialResult r) {
        StringBuilder line = new StringBuilder("  " + what + ", probe successes by second:");
        r.series().forEach(s -> line.append(' ').append(s.successes()));
        System.out.println(line + "; held: " + r.held());
    }
}
