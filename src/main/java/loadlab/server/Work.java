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
 * CPU time, after the JIT has compiled the loop (see {@code calibrate}); child JVMs are given the rate. A spin until a wall-clock deadline would be wrong: with eight threads on two cores each
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

    /** Rounds of about 2 ms that the JIT gets before the rate is measured: it is done after some 20 ms. */
    static final long WARMUP_NANOS = 60_000_000L;
    /** Rounds measured after the warm-up; the rate kept is their median. */
    static final int MEASURED_ROUNDS = 50;
    private static final long ROUND_NANOS = 2_000_000;

    // Runs the loop on this thread, timed by this thread's CPU clock, in rounds of about 2 ms. The
    // first rounds run in the interpreter and in C1's code, and a rate taken then is too slow: a
    // server whose loop C2 has compiled would do the work in less CPU than it says (measured: 0.8 ms
    // for cpu:1ms). So the rate is measured only after a warm-up, as the median of many rounds, which
    // a round slowed by a busy sibling hyperthread cannot move. Each trial checks the result: the
    // server's CPU per request must be at least 0.9 times the work's (experiment.Measurement).
    private static double calibrate() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (Thread.currentThread().isVirtual() || !threads.isCurrentThreadCpuTimeSupported()) {
            return calibrateOnPlatformThread();
        }
        long iterations = 10_000;
        long warmUntil = System.nanoTime() + WARMUP_NANOS;
        double[] rates = new double[MEASURED_ROUNDS];
        int measured = 0;
        while (measured < MEASURED_ROUNDS) {
            long before = threads.getCurrentThreadCpuTime();
            compute(iterations);
            long cpuNanos = Math.max(1, threads.getCurrentThreadCpuTime() - before);
            double rate = iterations * 1000.0 / cpuNanos;
            if (System.nanoTime() > warmUntil) {
                rates[measured++] = rate;
            }
            iterations = Math.max(1_000, Math.round(rate * ROUND_NANOS / 1000)); // aim each round at about 2 ms
        }
        java.util.Arrays.sort(rates);
        return rates[MEASURED_ROUNDS / 2];
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
