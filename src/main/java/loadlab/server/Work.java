package loadlab.server;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
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
 * <p>CPU work is a fixed number of loop iterations, calibrated once per JVM against this thread's own
 * CPU time. A spin until a wall-clock deadline would be wrong: with eight threads on two cores each
 * would spin 1 ms of wall time on a quarter of a core, and the server would look four times faster
 * than its CPU allows.
 */
public record Work(Kind kind, Duration duration) {

    public enum Kind { NONE, SLEEP, CPU }

    public static final Work NONE = new Work(Kind.NONE, Duration.ZERO);

    /** Loop iterations per microsecond of CPU; passed to child JVMs so that they skip calibration. */
    public static final String CALIBRATION_PROPERTY = "loadlab.cpu.iterationsPerMicro";

    private static volatile double iterationsPerMicro;
    private static volatile long sink; // keeps the JIT from removing the loop

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
            case CPU -> compute(Math.round(duration.toNanos() / 1000.0 * iterationsPerMicro()));
        }
    }

    @Override
    public String toString() {
        return kind == Kind.NONE ? "none" : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + Durations.format(duration);
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

    // Runs the loop on this thread, timed by this thread's CPU clock, and keeps the fastest of
    // several rounds: the first rounds run before the JIT has compiled the loop.
    private static double calibrate() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (Thread.currentThread().isVirtual() || !threads.isCurrentThreadCpuTimeSupported()) {
            return calibrateOnPlatformThread();
        }
        double best = 0;
        long iterations = 20_000;
        for (int round = 0; round < 12; round++) {
            long before = threads.getCurrentThreadCpuTime();
            compute(iterations);
            long cpuNanos = threads.getCurrentThreadCpuTime() - before;
            if (cpuNanos > 0) {
                best = Math.max(best, iterations * 1000.0 / cpuNanos);
            }
            if (cpuNanos < 5_000_000) {
                iterations *= 2;
            }
        }
        return best;
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
