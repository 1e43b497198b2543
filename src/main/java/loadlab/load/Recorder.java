package loadlab.load;

import org.HdrHistogram.Histogram;

/**
 * Where every finished request is counted, from many threads at once. The figures are split over a
 * few lock-guarded stripes (a thread always uses the same one), so that two cores recording at once
 * rarely wait for each other; the stripes are added up at the end. Warm-up requests go to their own
 * stripes, used for the live progress only and never in the result.
 */
final class Recorder {

    private final Timeline timeline;
    private final TrialResult.Builder[] window;
    private final TrialResult.Builder[] warmup;
    private final int mask;

    Recorder(Timeline timeline, int stripes) {
        if (Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two, was " + stripes);
        }
        this.timeline = timeline;
        this.mask = stripes - 1;
        window = new TrialResult.Builder[stripes];
        warmup = new TrialResult.Builder[stripes];
        for (int i = 0; i < stripes; i++) {
            window[i] = TrialResult.builder(timeline.seconds());
            warmup[i] = TrialResult.builder(timeline.warmupSeconds());
        }
    }

    /**
     * One finished request: issued at {@code issued} (open loop: its intended time), actually sent
     * at {@code sent}, finished at {@code done}; {@code failure} null for a success.
     */
    void record(long issued, long sent, long done, Failure failure, int staleRetries) {
        int second = timeline.second(issued);
        int stripe = (int) Thread.currentThread().threadId() & mask;
        TrialResult.Builder b = second >= 0 ? window[stripe] : warmup[stripe];
        int index = second >= 0 ? Math.min(second, b.seconds() - 1) : second + timeline.warmupSeconds();
        long inWindow = timeline.overlap(issued, done);
        synchronized (b) {
            if (failure == null) {
                b.success(index, micros(done - issued), micros(done - sent));
            } else {
                b.failure(index, failure.category(), failure.status(), failure.example());
            }
            if (second >= 0) {
                b.inFlight(inWindow);
                for (int i = 0; i < staleRetries; i++) {
                    b.staleRetry();
                }
            }
        }
        if (second < 0 && inWindow > 0) { // a warm-up request still in flight when the window opened
            TrialResult.Builder w = window[stripe];
            synchronized (w) {
                w.inFlight(inWindow);
            }
        }
    }

    /** One think period of a closed-loop user, counted if it began in the window. */
    void think(long began, long nanos) {
        if (timeline.second(began) >= 0 && began < timeline.end()) {
            TrialResult.Builder b = window[(int) Thread.currentThread().threadId() & mask];
            synchronized (b) {
                b.think(nanos);
            }
        }
    }

    /** The figures of second {@code s} so far (negative: a warm-up second), for the live progress. */
    SecondSample sample(int s, double usersOrRate) {
        TrialResult.Builder[] stripes = s >= 0 ? window : warmup;
        int index = s >= 0 ? s : s + timeline.warmupSeconds();
        Histogram latency = new Histogram(TrialResult.SERIES_DIGITS);
        long requests = 0;
        long failures = 0;
        for (TrialResult.Builder b : stripes) {
            synchronized (b) {
                long[] counts = b.addSecondTo(index, latency);
                requests += counts[0];
                failures += counts[1];
            }
        }
        return new SecondSample(s, requests, failures, latency.getValueAtPercentile(50),
                latency.getValueAtPercentile(99), usersOrRate);
    }

    /** The window's stripes added up; call once every request has been recorded. */
    TrialResult.Builder total() {
        TrialResult.Builder total = TrialResult.builder(timeline.seconds());
        for (TrialResult.Builder b : window) {
            synchronized (b) {
                total.add(b.build());
            }
        }
        return total;
    }

    private static long micros(long nanos) {
        return Math.max(0, nanos / 1000);
    }
}
