package loadlab.load;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Where every finished request is counted, from every loop at once. Each loop records into its own
 * stripe, so two loops never wait for each other; a stripe's lock is only for the live progress,
 * which reads it from another thread. The stripes are added up at the end. Warm-up requests go to
 * their own stripes, used for the live progress only and never in the result.
 */
final class Recorder {

    private final Timeline timeline;
    private final TrialResult.Builder[] window;
    private final TrialResult.Builder[] warmup;
    private final RequestListener listener;

    /** One stripe per loop; {@code listener} is told of each request of the window too. */
    Recorder(Timeline timeline, int stripes, RequestListener listener) {
        this.timeline = timeline;
        this.listener = listener;
        window = new TrialResult.Builder[stripes];
        warmup = new TrialResult.Builder[stripes];
        for (int i = 0; i < stripes; i++) {
            window[i] = TrialResult.builder(timeline.seconds());
            warmup[i] = TrialResult.builder(timeline.warmupSeconds());
        }
    }

    /**
     * One finished request: issued at {@code issued} (open loop: its intended time), actually sent
     * at {@code sent}, finished at {@code done}; {@code failure} null for a success. Besides its
     * latency, its time in flight inside the window is kept, and the parts of it that cross the
     * window's edges, so that Little's law can be checked exactly (see {@link TrialResult#littlesLawInFlight()}).
     */
    void record(int stripe, long issued, long sent, long done, Failure failure, int staleRetries, long bodyBytes) {
        int second = timeline.second(issued);
        long inWindow = timeline.overlap(issued, done);
        if (second < 0) {
            if (inWindow > 0) { // a warm-up request still in flight when the window opened
                TrialResult.Builder w = window[stripe];
                synchronized (w) {
                    w.inFlight(inWindow).carriedIn(inWindow);
                }
            }
            TrialResult.Builder b = warmup[stripe];
            synchronized (b) {
                count(b, second + timeline.warmupSeconds(), issued, sent, done, failure);
            }
            return;
        }
        TrialResult.Builder b = window[stripe];
        synchronized (b) {
            count(b, Math.min(second, b.seconds() - 1), issued, sent, done, failure);
            b.inFlight(inWindow).carriedOut(Math.max(0, done - timeline.end()));
            if (failure != null) {
                b.untimed(done - issued);
            }
            for (int i = 0; i < staleRetries; i++) {
                b.staleRetry();
            }
        }
        listener.finished(micros(done - issued), micros(done - sent), failure == null ? bodyBytes : 0,
                failure == null ? null : failure.category(), failure == null ? 0 : failure.status());
    }

    private static void count(TrialResult.Builder b, int index, long issued, long sent, long done, Failure failure) {
        if (failure == null) {
            b.success(index, micros(done - issued), micros(done - sent));
        } else {
            b.failure(index, failure.category(), failure.status(), failure.example());
        }
    }

    /**
     * Open loop: a request due at {@code intended} that was never sent, because the in-flight cap
     * was still full when the window closed. It was "in flight" (waiting) from its intended time to
     * the window's end, and that wait is the least its latency would have been.
     */
    void unsent(int stripe, long intended, int maxInFlight) {
        long waited = timeline.overlap(intended, timeline.end());
        TrialResult.Builder b = window[stripe];
        synchronized (b) {
            b.inFlight(waited);
            int second = timeline.second(intended);
            if (second < 0) {
                b.carriedIn(waited); // due in the warm-up: not one of the window's requests
            } else {
                b.unsent(Math.min(second, b.seconds() - 1), micros(timeline.end() - intended), String.format(
                        Locale.ROOT, "a request due %.3f s into the window was never sent: the in-flight cap of %d "
                                + "was still full when the window closed, %.1f ms later", (intended - timeline.warmupEnd()) / 1e9,
                        maxInFlight, (timeline.end() - intended) / 1e6));
            }
        }
        if (timeline.second(intended) >= 0) {
            listener.finished(micros(timeline.end() - intended), 0, 0, FailureCategory.UNSENT, 0);
        }
    }

    /**
     * One think period of a closed-loop user, from {@code began} to {@code ended}: its time inside the
     * window always counts as time spent thinking, and a {@code complete} one that began in the window
     * counts for the mean think time (a think cut short at the window's end is not a think).
     */
    void think(int stripe, long began, long ended, boolean complete) {
        long inWindow = timeline.overlap(began, ended);
        boolean counted = complete && timeline.second(began) >= 0 && began < timeline.end();
        if (inWindow > 0 || counted) {
            TrialResult.Builder b = window[stripe];
            synchronized (b) {
                b.thinking(inWindow);
                if (counted) {
                    b.think(ended - began);
                }
            }
        }
    }

    /** The figures of second {@code s} so far (negative: a warm-up second), for the live progress. */
    SecondSample sample(int s, double usersOrRate) {
        TrialResult.Builder[] stripes = s >= 0 ? window : warmup;
        int index = s >= 0 ? s : s + timeline.warmupSeconds();
        Histogram latency = new Histogram(SecondSeries.DIGITS);
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
