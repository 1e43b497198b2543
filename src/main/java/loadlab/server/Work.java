package loadlab.server;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import loadlab.Durations;

/**
 * The service demand of one request, applied before the echo. Changing it is what turns the ranking
 * of the models around:
 * <ul>
 *   <li>{@code none}: the echo alone, so the cost of the concurrency strategy itself shows;</li>
 *   <li>{@code sleep:5ms}: waiting, as on a database call; a waiting thread uses no CPU;</li>
 *   <li>{@code cpu:200us}: computing; a core is busy for that long.</li>
 * </ul>
 *
 * <p>CPU work computes until the thread's own CPU clock has advanced by the duration, so it costs
 * what it says whatever the JIT has compiled and however busy the machine is. A spin until a
 * wall-clock deadline would be wrong: with eight threads on two cores each would spin 1 ms of wall
 * time on a quarter of a core, and the server would look four times faster than its CPU allows. A
 * virtual thread has no CPU clock of its own, so there the loop runs a number of iterations
 * calibrated once per JVM against a platform thread's clock (see {@code calibrate}); child JVMs are
 * given the rate.
 */
public record Work(Kind kind, Duration duration) {

    public enum Kind { NONE, SLEEP, CPU }

    public static final Work NONE = new Work(Kind.NONE, Duration.ZERO);

    /** Loop iterations per microsecond of CPU; passed to child JVMs so that they skip calibration. */
    public static final String CALIBRATION_PROPERTY = "loadlab.cpu.iterationsPerMicro";

    private static volatile double iterationsPerMicro;
    private static volatile long sink; // keeps the JIT from removing the loop
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Iterations between two readings of the CPU clock: a few microseconds once compiled. */
    private static final long CHUNK = 2_000;

    public Work {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("work duration must not be negative: " + duration);
        }
    }

    public static Work sleep(Duration d) {
        return new Work(Kind.SLEEP, d);
    }

    public static Work cpu(Duration d) {
        return new Work(Kind.CPU, d);
    }

    /** Parses {@code none}, {@code sleep:<duration>} or {@code cpu:<duration>}. */
    public static Work parse(String spec) {
        String s = spec.strip();
        if (s.equals("none")) {
            return NONE;
        }
        int colon = s.indexOf(':');
        String kind = colon > 0 ? s.substring(0, colon) : s;
        if (!kind.equals("sleep") && !kind.equals("cpu")) {
            throw new IllegalArgumentException("not a work spec: '" + spec + "' (expected none, sleep:5ms or cpu:200us)");
        }
        Duration d;
        try {
            d = Durations.parse(colon > 0 ? s.substring(colon + 1) : "");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a work spec: '" + spec + "': " + e.getMessage(), e);
        }
        return kind.equals("sleep") ? sleep(d) : cpu(d);
    }

    /** Does the work on the calling thread. */
    public void apply() throws InterruptedException {
        switch (kind) {
            case NONE -> { }
            case SLEEP -> Thread.sleep(duration);
            case CPU -> burn(duration.toNanos());
        }
    }

    @Override
    public String toString() {
        return kind == Kind.NONE ? "none" : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + Durations.format(duration);
    }

    // Computes for `nanos` of this thread's CPU time: read from its CPU clock every CHUNK iterations
    // (a few microseconds) on a platform thread, or as calibrated iterations on a virtual thread.
    private static void burn(long nanos) {
        long start = Thread.currentThread().isVirtual() ? -1 : THREADS.getCurrentThreadCpuTime();
        if (start < 0) { // a virtual thread, or no CPU clock on this JVM
            compute(Math.round(nanos / 1000.0 * iterationsPerMicro()));
            return;
        }
        long end = start + nanos;
        while (THREADS.getCurrentThreadCpuTime() < end) {
            compute(CHUNK);
        }
    }

    private static long compute(long iterations) {
        long x = sink | 1;
        for (long i = 0; i < iterations; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L; // one step of Knuth's MMIX LCG
            x ^= x >>> 29;
        }
        sink = x;
        return x;
    }

    /** The JVM options that hand this JVM's calibration to a child, which then skips its own. */
    public static List<String> calibrationOptions(Work work) {
        return work.kind() == Kind.CPU ? List.of("-D" + CALIBRATION_PROPERTY + "=" + iterationsPerMicro()) : List.of();
    }

    /** Loop iterations per microsecond of this JVM's CPU time, measured once. */
    public static double iterationsPerMicro() {
        double rate = iterationsPerMicro;
        if (rate == 0) {
            synchronized (Work.class) {
                if (iterationsPerMicro == 0) {
                    String given = System.getProperty(CALIBRATION_PROPERTY);
                    iterationsPerMicro = given != null ? Double.parseDouble(given) : calibrate();
                }
                rate = iterationsPerMicro;
            }
        }
        return rate;
    }

    /** The fastest rate must hold this long before it is taken: the JIT's last tier is the fastest. */
    static final long PLATEAU_NANOS = 500_000_000L;
    /** Calibration stops waiting for a faster rate after this long. */
    static final long MAX_CALIBRATION_NANOS = 5_000_000_000L;
    private static final long ROUND_NANOS = 2_000_000;

    // Runs the loop on this thread, timed by this thread's CPU clock, in rounds of about 2 ms. The
    // first rounds run in the interpreter and in C1's code, and a rate taken then is too slow: a
    // virtual thread running the loop C2 has compiled would do the work in less CPU than it says
    // (measured: 91 ms of CPU for cpu:200ms, when a busy JIT had not compiled the loop within the
    // 60 ms this calibration used to wait). So it waits until the rate has not risen for half a
    // second, and keeps the median of the rounds since it last rose, which a round slowed by a busy
    // sibling hyperthread cannot move. Each trial checks the result: the server's CPU per request
    // must be at least 0.9 times the work's (experiment.Measurement).
    private static double calibrate() {
        if (Thread.currentThread().isVirtual() || !THREADS.isCurrentThreadCpuTimeSupported()) {
            return calibrateOnPlatformThread();
        }
        long iterations = 10_000;
        long started = System.nanoTime();
        long lastRise = started;
        double best = 0;
        double[] recent = new double[5];
        List<Double> sinceRise = new ArrayList<>();
        for (int round = 0; ; round++) {
            long before = THREADS.getCurrentThreadCpuTime();
            compute(iterations);
            long cpuNanos = Math.max(1, THREADS.getCurrentThreadCpuTime() - before);
            double rate = iterations * 1000.0 / cpuNanos;
            recent[round % recent.length] = rate;
            double smoothed = round < recent.length ? 0 : median(recent.clone());
            long now = System.nanoTime();
            if (smoothed > best * 1.05) { // faster code arrived: start the plateau again
                best = smoothed;
                lastRise = now;
                sinceRise.clear();
            }
            sinceRise.add(rate);
            if ((now - lastRise > PLATEAU_NANOS && round >= recent.length) || now - started > MAX_CALIBRATION_NANOS) {
                return median(sinceRise.stream().mapToDouble(Double::doubleValue).toArray());
            }
            iterations = Math.max(1_000, Math.round(rate * ROUND_NANOS / 1000)); // aim each round at about 2 ms
        }
    }

    private static double median(double[] values) {
        Arrays.sort(values);
        return values[values.length / 2];
    }

    private static double calibrateOnPlatformThread() {
        double[] result = new double[1];
        Thread t = Thread.ofPlatform().name("work-calibration").start(() -> result[0] = calibrate());
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calibrating cpu work", e);
        }
        return result[0];
    }
}
