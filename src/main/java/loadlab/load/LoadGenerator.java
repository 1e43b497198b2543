package loadlab.load;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one trial: warm-up, measurement window, drain, result. The load comes from a few
 * {@link Loop} threads, by default one per core, each owning many connections: a closed loop's
 * users are shared out among them, and each keeps a share of an open loop's {@link Schedule}.
 *
 * <p>The run always ends by itself. Issuing stops at the end of the window (or at maxRequests);
 * requests still out get their connect and read timeouts to finish, which the loops enforce as
 * deadlines; then, at the hard stop, a backstop, each loop cuts short what is left, closes its
 * connections and ends. A server that never answers, or answers a byte at a time, can't hold the
 * run. No generator thread outlives {@code run}.
 *
 * <p>Load goes to loopback addresses only, unless the spec allows a remote target; then a warning
 * is printed and kept in the result.
 */
public final class LoadGenerator {

    /** A second's live figures are reported this long after it ends, so its last responses are in. */
    static final long LIVE_DELAY_NANOS = 250_000_000L;
    /** Slack after duration + timeouts before the hard stop, for the loops and the kernel. */
    static final long HARD_STOP_MARGIN_NANOS = 500_000_000L;
    static final String THREAD_PREFIX = "loadlab-";
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** Held connections number their requests from here, apart from the load's, each its own range. */
    private static final long HELD_SEQUENCES = 1_000_000_000_000L;
    private static final long HELD_SEQUENCES_EACH = 1_000_000L;

    private LoadGenerator() { }

    public static TrialResult run(LoadSpec spec) throws InterruptedException {
        return run(spec, sample -> { });
    }

    /**
     * Runs a trial and calls {@code progress} about once a second with the second just past
     * (negative numbers: warm-up), from the calling thread.
     */
    public static TrialResult run(LoadSpec spec, Consumer<SecondSample> progress) throws InterruptedException {
        return run(spec, progress, RequestListener.NONE, new StopSignal());
    }

    /**
     * Runs a trial as {@link #run(LoadSpec, Consumer)} does, telling {@code listener} of every request
     * of the window as it finishes; {@code stop} can end the window early from another thread.
     */
    public static TrialResult run(LoadSpec spec, Consumer<SecondSample> progress, RequestListener listener, StopSignal stop)
            throws InterruptedException {
        return run(spec, progress, listener, stop, Duration.ZERO, false);
    }

    /**
     * Runs a closed loop whose loops come round to every user {@code late} after it is due (spawned,
     * or done thinking), as a generator too busy to send on time would: for tests of what lateness
     * does to the figures and the laws.
     */
    static TrialResult runLate(LoadSpec spec, Duration late) throws InterruptedException {
        return run(spec, sample -> { }, RequestListener.NONE, new StopSignal(), late, false);
    }

    /**
     * {@link #runLate}, with the lateness booked as thinking, as loadlab's generator once booked it:
     * the mutant of the lateness figure, which only the throughput, and so the interactive response
     * time law, can see.
     */
    static TrialResult runLateUnbooked(LoadSpec spec, Duration late) throws InterruptedException {
        return run(spec, sample -> { }, RequestListener.NONE, new StopSignal(), late, true);
    }

    private static TrialResult run(LoadSpec spec, Consumer<SecondSample> progress, RequestListener listener, StopSignal stop,
                                   Duration late, boolean lateUnbooked) throws InterruptedException {
        InetSocketAddress address = resolve(spec);
        DescriptorLimit.check(spec); // before any thread or connection: say it now, not as thousands of failures
        Warning remoteWarning = null;
        if (!address.getAddress().isLoopbackAddress()) {
            remoteWarning = new Warning(Warning.Kind.REMOTE_TARGET, "the target " + spec.target().getHost() + " (" + address.getAddress().getHostAddress()
                    + ") is not a loopback address: load is going to another machine (allowRemote)");
            System.err.println("WARNING: " + remoteWarning);
        }
        int loopCount = loops(spec);
        Timeline timeline = Timeline.starting(System.nanoTime(), spec.warmup(), spec.duration());
        Trial trial = new Trial(spec, timeline, address, new RequestEncoder(spec.request(), hostHeader(spec), spec.mode()),
                new Recorder(timeline, loopCount, listener), spec.slow().any() ? new Recorder(timeline, loopCount, listener) : null,
                late.toNanos(), lateUnbooked);
        List<Loop> loops = new ArrayList<>();
        try {
            for (int i = 0; i < loopCount; i++) {
                loops.add(new Loop(trial, i));
            }
            share(spec, trial, loops);
            loops.forEach(Loop::start);
            stop.attach(trial);
            Progress live = new Progress(trial, progress);
            Window window = measure(trial, live);
            drain(trial, loops, live, window);
            return result(trial, loops, live, window, remoteWarning);
        } finally {
            stop(trial, loops); // normally a no-op; if the caller was interrupted or something threw, this ends every loop
            loops.forEach(Loop::discardIfNeverStarted);
        }
    }

    /** The loop threads: as asked, else one per core; never more than there are connections to keep. */
    static int loops(LoadSpec spec) {
        int wanted = spec.loops() > 0 ? spec.loops() : CORES;
        long most = DescriptorLimit.connectionsNeeded(spec);
        return (int) Math.max(1, Math.min(wanted, most));
    }

    /**
     * Held connection i opens at i / its rate, on loop i mod L. Then, once they are all due, the load:
     * closed-loop user i starts at i / spawn rate, on loop i mod L (the first of them slow, if some
     * are); an open loop's schedule is kept by every loop, each its share.
     */
    private static void share(LoadSpec spec, Trial trial, List<Loop> loops) {
        SplittableRandom seeds = new SplittableRandom();
        if (spec.profile() instanceof ClosedLoop closed) {
            for (int i = 0; i < closed.users(); i++) {
                long spawnAt = trial.loadStart + (long) (i * 1e9 / closed.spawnRatePerSec());
                SlowClients pace = spec.slow().isSlow(i) ? spec.slow() : SlowClients.NONE;
                loops.get(i % loops.size()).addUser(closed.think(), seeds.split(), spawnAt, pace); // a generator per user: no sharing
            }
        } else {
            for (Loop loop : loops) {
                loop.addSchedule((OpenLoop) spec.profile(), loops.size(), seeds.split());
            }
        }
        Hold hold = spec.hold();
        for (int i = 0; i < hold.connections(); i++) {
            long openAt = trial.timeline.start() + (long) (i * 1e9 / hold.openRatePerSec());
            loops.get(i % loops.size()).addHeld(openAt, HELD_SEQUENCES + i * HELD_SEQUENCES_EACH);
        }
    }

    /**
     * The measurement window as it ran: its end (earlier than planned at maxRequests), the CPU used in
     * it, and the requests in flight integrated over it by each recorder's counter (request-nanoseconds).
     */
    private record Window(long end, long cpuNanos, long stoppedAt, long inFlightNanos, long slowInFlightNanos) { }

    /** Waits out the warm-up and the window, reporting each second; samples the CPU at both ends. */
    private static Window measure(Trial trial, Progress live) throws InterruptedException {
        Timeline timeline = trial.timeline;
        long cpuAtStart = -1;
        while (true) {
            long now = System.nanoTime();
            if (cpuAtStart < 0 && now >= timeline.warmupEnd()) {
                cpuAtStart = processCpuNanos();
            }
            live.emitDue(now);
            if (trial.over(now)) {
                break;
            }
            long wake = Math.min(live.nextDue(), cpuAtStart < 0 ? timeline.warmupEnd() : timeline.end());
            trial.capReached().await(Math.max(1, wake - now), TimeUnit.NANOSECONDS); // wakes at the cap too
        }
        long stoppedAt = System.nanoTime();
        long cpuNanos = cpuAtStart < 0 ? 0 : processCpuNanos() - cpuAtStart;
        long end = Math.max(timeline.warmupEnd(), Math.min(timeline.end(), Math.min(trial.capReachedAt(), trial.stoppedAt())));
        return new Window(end, cpuNanos, stoppedAt, trial.recorder.inFlight.integralTo(end),
                trial.slowRecorder == null ? 0 : trial.slowRecorder.inFlight.integralTo(end));
    }

    /** Lets the requests still out finish within their timeouts; at the hard stop, ends what is left. */
    private static void drain(Trial trial, List<Loop> loops, Progress live, Window window) throws InterruptedException {
        long hardStop = Math.min(window.stoppedAt(), trial.timeline.end()) + trial.connectNanos + trial.readNanos
                + HARD_STOP_MARGIN_NANOS;
        if (trial.stoppedEarly()) {
            loops.forEach(Loop::wakeup); // a loop asleep until a user's think ends must see the stop now
        }
        for (Loop loop : loops) {
            while (loop.alive() && System.nanoTime() < hardStop) {
                loop.join(Math.min(live.nextDue(), hardStop) - System.nanoTime());
                live.emitDue(Math.min(System.nanoTime(), window.end() + LIVE_DELAY_NANOS));
            }
        }
        stop(trial, loops);
        live.emitUpTo(trial.timeline.second(window.end() - 1));
    }

    /** The recorded figures with the run's own: window, CPU, users or rate per second, lag, warnings. */
    private static TrialResult result(Trial trial, List<Loop> loops, Progress live, Window window, Warning remoteWarning) {
        TrialResult.Builder total = trial.recorder.total()
                .window(Duration.ofNanos(window.end() - trial.timeline.warmupEnd()))
                .generatorCpu(Duration.ofNanos(window.cpuNanos()))
                .inFlight(window.inFlightNanos());
        for (int s = 0; s < total.seconds(); s++) {
            total.usersOrRate(s, live.usersOrRate(s));
        }
        Diagnostics.OpenLoopLag lag = null;
        if (trial.spec.profile() instanceof OpenLoop open) {
            long maxLag = 0, maxGeneratorLag = 0, capWaits = 0, sent = 0, late = 0;
            for (Loop loop : loops) {
                Schedule s = loop.schedule();
                maxLag = Math.max(maxLag, s.maxLag);
                maxGeneratorLag = Math.max(maxGeneratorLag, s.maxGeneratorLag);
                capWaits += s.capWaits;
                sent += s.sentInWindow;
                late += s.sentLate;
            }
            total.scheduleLag(Duration.ofNanos(maxLag));
            lag = new Diagnostics.OpenLoopLag(maxLag, maxGeneratorLag, capWaits, open.maxInFlight(), sent == 0 ? 0 : (double) late / sent);
        }
        if (remoteWarning != null) {
            total.warning(remoteWarning);
        }
        if (trial.spec.hold().any()) {
            total.held(loops.stream().map(Loop::held).reduce(HeldConnections.NONE, HeldConnections::plus));
        }
        if (trial.slowRecorder != null) {
            total.slowUsers(trial.slowRecorder.total().window(Duration.ofNanos(window.end() - trial.timeline.warmupEnd()))
                    .inFlight(window.slowInFlightNanos()).build());
        }
        Diagnostics.warnings(trial.spec, total.build(), CORES, lag, trial.cutShort.sum(),
                trial.capReachedAt() < trial.timeline.end()).forEach(total::warning);
        return total.build();
    }

    /** The hard stop: every loop cuts short what is still out, closes its connections and ends; waits for them. */
    private static void stop(Trial trial, List<Loop> loops) throws InterruptedException {
        if (loops.stream().noneMatch(Loop::alive)) {
            return;
        }
        trial.abort();
        loops.forEach(Loop::wakeup);
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (Loop loop : loops) {
            loop.join(deadline - System.nanoTime());
            if (loop.alive()) {
                throw new IllegalStateException("a generator loop did not stop within 10 s of the hard stop");
            }
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

    /** This process's CPU time so far, in nanoseconds (0 where the JVM can't say). */
    public static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }
}
