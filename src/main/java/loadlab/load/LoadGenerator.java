package loadlab.load;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one trial: warm-up, measurement window, drain, result. A closed loop runs a thread per user
 * ({@link ClosedLoopDriver}); an open loop a scheduler and a virtual thread per request
 * ({@link OpenLoopDriver}). Blocking sockets with timeouts keep each user's code straight-line.
 *
 * <p>The run always ends by itself. Issuing stops at the end of the window (or at maxRequests);
 * requests still out get their connect and read timeouts to finish, which a {@link Watchdog}
 * enforces as deadlines; then, at the hard stop, a backstop, every connection is closed (which wakes
 * its reader) and every generator thread interrupted. A server that never answers, or answers a
 * byte at a time, can't hold the run. No generator thread outlives {@code run}.
 *
 * <p>Load goes to loopback addresses only, unless the spec allows a remote target; then a warning
 * is printed and kept in the result.
 */
public final class LoadGenerator {

    /** A second's live figures are reported this long after it ends, so its last responses are in. */
    static final long LIVE_DELAY_NANOS = 250_000_000L;
    /** Slack after duration + timeouts before the hard stop, for the scheduler and the kernel. */
    static final long HARD_STOP_MARGIN_NANOS = 500_000_000L;
    static final String THREAD_PREFIX = "loadlab-load-";
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /**
     * A closed loop of up to this many users gets a platform thread per user, a bigger one a virtual
     * thread per user; the open loop a virtual thread per request. A platform thread blocked reading
     * a socket waits in the kernel: one system call. A virtual thread's read goes through the JDK's
     * poller (register with epoll, park, be woken, be scheduled again), which cost about a third of
     * the keep-alive throughput on a 2-core machine (see bench/wrk-vs-loadlab.sh). Thousands of
     * users, like the seed's 10,000, need virtual threads; a benchmark's few dozen connections run
     * faster on platform threads. The users' code is the same either way.
     */
    public static final int PLATFORM_THREAD_USERS = 256;
    /** Overrides the choice above, to compare the two: {@code platform}, {@code virtual} or {@code auto}. */
    public static final String THREADS_PROPERTY = "loadlab.load.threads";

    private LoadGenerator() { }

    public static TrialResult run(LoadSpec spec) throws InterruptedException {
        return run(spec, sample -> { });
    }

    /**
     * Runs a trial and calls {@code progress} about once a second with the second just past
     * (negative numbers: warm-up), from the calling thread.
     */
    public static TrialResult run(LoadSpec spec, Consumer<SecondSample> progress) throws InterruptedException {
        InetSocketAddress address = resolve(spec);
        DescriptorLimit.check(spec.profile()); // before any thread or connection: say it now, not as thousands of failures
        Warning remoteWarning = null;
        if (!address.getAddress().isLoopbackAddress()) {
            remoteWarning = new Warning(Warning.Kind.REMOTE_TARGET, "the target " + spec.target().getHost() + " (" + address.getAddress().getHostAddress()
                    + ") is not a loopback address: load is going to another machine (allowRemote)");
            System.err.println("WARNING: " + remoteWarning);
        }
        Target target = new Target(address, new RequestEncoder(spec.request(), hostHeader(spec), spec.mode()),
                spec.mode(), spec.connectTimeout().toNanos(), spec.readTimeout().toNanos());
        Timeline timeline = Timeline.starting(System.nanoTime(), spec.warmup(), spec.duration());
        Recorder recorder = new Recorder(timeline, Integer.highestOneBit(Math.min(8, CORES)));
        ExecutorService threads = Executors.newThreadPerTaskExecutor(threadsFor(spec.profile()));
        Run run = new Run(spec, timeline, target, recorder, threads);
        OpenLoopDriver open = spec.profile() instanceof OpenLoop profile ? new OpenLoopDriver(run, profile) : null;
        Watchdog watchdog = new Watchdog(target);
        try {
            if (open != null) {
                open.start();
            } else {
                new ClosedLoopDriver(run, (ClosedLoop) spec.profile()).start();
            }
            Progress live = new Progress(run, progress);
            Window window = measure(run, live);
            drain(run, open, live, window);
            return result(run, open, live, window, remoteWarning);
        } finally {
            // Normally a no-op; if the caller was interrupted or something threw, this ends every thread.
            if (open != null) {
                open.stop(0);
            }
            stopThreads(target, threads);
            if (open != null) {
                open.closeConnections();
            }
            watchdog.close();
        }
    }

    /** The measurement window as it ran: its end (earlier than planned at maxRequests) and the CPU used in it. */
    private record Window(long end, long cpuNanos, long stoppedAt) { }

    /** Waits out the warm-up and the window, reporting each second; samples the CPU at both ends. */
    private static Window measure(Run run, Progress live) throws InterruptedException {
        Timeline timeline = run.timeline;
        long cpuAtStart = -1;
        while (true) {
            long now = System.nanoTime();
            if (cpuAtStart < 0 && now >= timeline.warmupEnd()) {
                cpuAtStart = processCpuNanos();
            }
            live.emitDue(now);
            if (run.over(now)) {
                break;
            }
            long wake = Math.min(live.nextDue(), cpuAtStart < 0 ? timeline.warmupEnd() : timeline.end());
            run.capReached().await(Math.max(1, wake - now), TimeUnit.NANOSECONDS); // wakes at the cap too
        }
        long stoppedAt = System.nanoTime();
        long cpuNanos = cpuAtStart < 0 ? 0 : processCpuNanos() - cpuAtStart;
        return new Window(Math.max(timeline.warmupEnd(), Math.min(timeline.end(), run.capReachedAt())), cpuNanos, stoppedAt);
    }

    /** Lets the requests still out finish within their timeouts; at the hard stop, ends what is left. */
    private static void drain(Run run, OpenLoopDriver open, Progress live, Window window) throws InterruptedException {
        long hardStop = Math.min(window.stoppedAt(), run.timeline.end()) + run.spec.connectTimeout().toNanos()
                + run.spec.readTimeout().toNanos() + HARD_STOP_MARGIN_NANOS;
        if (open != null) {
            open.stop(hardStop); // no request is issued after this
        }
        run.threads.shutdown();
        while (!run.threads.isTerminated() && System.nanoTime() < hardStop) {
            long until = Math.min(live.nextDue(), hardStop);
            run.threads.awaitTermination(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            live.emitDue(Math.min(System.nanoTime(), window.end() + LIVE_DELAY_NANOS));
        }
        stopThreads(run.target, run.threads);
        if (open != null) {
            open.closeConnections();
        }
        live.emitUpTo(run.timeline.second(window.end() - 1));
    }

    /** The recorded figures with the run's own: window, CPU, users or rate per second, lag, warnings. */
    private static TrialResult result(Run run, OpenLoopDriver open, Progress live, Window window, Warning remoteWarning) {
        TrialResult.Builder total = run.recorder.total()
                .window(Duration.ofNanos(window.end() - run.timeline.warmupEnd()))
                .generatorCpu(Duration.ofNanos(window.cpuNanos()));
        for (int s = 0; s < total.seconds(); s++) {
            total.usersOrRate(s, live.usersOrRate(s));
        }
        Diagnostics.OpenLoopLag lag = null;
        if (open != null) {
            total.scheduleLag(Duration.ofNanos(open.maxLagNanos()));
            lag = new Diagnostics.OpenLoopLag(open.maxLagNanos(), open.maxGeneratorLagNanos(), open.capWaits(),
                    ((OpenLoop) run.spec.profile()).maxInFlight(), open.lateShare());
        }
        if (remoteWarning != null) {
            total.warning(remoteWarning);
        }
        Diagnostics.warnings(run.spec, total.build(), CORES, lag, run.target.cutShort.sum(),
                run.capReachedAt() < run.timeline.end()).forEach(total::warning);
        return total.build();
    }

    private static ThreadFactory threadsFor(LoadProfile profile) {
        String choice = System.getProperty(THREADS_PROPERTY, "auto");
        boolean platform = switch (choice) {
            case "platform" -> true;
            case "virtual" -> false;
            case "auto" -> profile instanceof ClosedLoop closed && closed.users() <= PLATFORM_THREAD_USERS;
            default -> throw new IllegalArgumentException(THREADS_PROPERTY + " must be platform, virtual or auto, was " + choice);
        };
        return platform ? Thread.ofPlatform().name(THREAD_PREFIX, 0).factory() : Thread.ofVirtual().name(THREAD_PREFIX, 0).factory();
    }

    /** Closes every connection, interrupts the generator's threads (those sleeping) and waits for them. */
    private static void stopThreads(Target target, ExecutorService threads) throws InterruptedException {
        if (threads.isTerminated()) {
            return;
        }
        target.abort();
        threads.shutdownNow();
        if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("load generator threads did not stop within 10 s of being interrupted");
        }
    }

    /**
     * Resolves the target's host and checks that it is a loopback address (or that the spec allows
     * a remote one).
     *
     * @throws IllegalArgumentException if the host does not resolve, or is remote and not allowed
     */
    public static InetSocketAddress resolve(LoadSpec spec) {
        String host = spec.target().getHost();
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the target host '" + host + "': " + e.getMessage(), e);
        }
        if (!address.isLoopbackAddress() && !spec.allowRemote()) {
            throw new IllegalArgumentException("the target " + host + " (" + address.getHostAddress() + ") is not a "
                    + "loopback address; load goes to loopback only unless remote targets are allowed "
                    + "(allowRemote, --allow-remote)");
        }
        return new InetSocketAddress(address, spec.port());
    }

    private static String hostHeader(LoadSpec spec) {
        return spec.target().getPort() < 0 ? spec.target().getHost() : spec.target().getHost() + ":" + spec.target().getPort();
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }
}
