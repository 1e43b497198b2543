package loadlab.load;

import java.time.Duration;

/**
 * A run's clock, in {@link System#nanoTime()} units: warm-up from {@code start} to {@code warmupEnd},
 * then the measurement window to {@code end}. Seconds are numbered from the window's start, so the
 * warm-up's are negative.
 */
record Timeline(long start, long warmupEnd, long end) {

    static final long SECOND = 1_000_000_000L;

    static Timeline starting(long start, Duration warmup, Duration duration) {
        long warmupEnd = start + warmup.toNanos();
        return new Timeline(start, warmupEnd, warmupEnd + duration.toNanos());
    }

    /** Seconds in the window; the last may be partial. */
    int seconds() {
        return (int) ((end - warmupEnd + SECOND - 1) / SECOND);
    }

    int warmupSeconds() {
        return (int) ((warmupEnd - start + SECOND - 1) / SECOND);
    }

    /** The second {@code t} falls in: negative in the warm-up. */
    int second(long t) {
        return (int) Math.floorDiv(t - warmupEnd, SECOND);
    }

    /** The end of second {@code s} (the window's end for its last, partial second). */
    long endOf(int s) {
        return Math.min(warmupEnd + (s + 1) * SECOND, end);
    }

    /** How much of {@code [from, to]} lies in the window. */
    long overlap(long from, long to) {
        return Math.max(0, Math.min(to, end) - Math.max(from, warmupEnd));
    }
}
