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
    /**
     * The requests of this recorder out now, counted apart from what is recorded here: Little's law's
     * other instrument. It lives here only so that the slow users, who have a recorder of their own,
     * have a counter of their own too.
     */
    final InFlightCounter inFlight;

    /** One stripe per loop; {@code listener} is told of each request of the window too. */
    Recorder(Timeline timeline, int stripes, RequestListener listener) {
        this.timeline = timeline;
        this.listener = listener;
        this.inFlight = new InFlightCounter(stripes, timeline.warmupEnd(), timeline.end());
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
     * latency, its time in flight is kept for Little's law: from the actual send, with the parts that
     * cross the window's edges (see {@link TrialResult#littlesLawInFlight()}).
     */
    void record(int stripe, long issued, long sent, long done, Failure failure, int staleRetries, long bodyBytes) {
        int second = timeline.second(issued);
        if (second < 0) {
            if (done > timeline.warmupEnd()) { // in flight in the window, perhaps
                TrialResult.Builder w = window[stripe];
                synchronized (w) {
                    inFlight(w, sent, done);
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
            inFlight(b, sent, done);
            for (int i = 0; i < staleRetries; i++) {
                b.staleRetry();
            }
        }
        listener.finished(micros(done - issued), micros(done - sent), failure == null ? bodyBytes : 0,
                failure == null ? null : failure.category(), failure == null ? 0 : failure.status());
    }

    // A request sent in the window counts whole, less its time after the window; one sent before it counts its time inside it.
    private void inFlight(TrialResult.Builder window, long sent, long done) {
        if (sent < timeline.warmupEnd()) {
            window.carriedIn(timeline.overlap(sent, done));
        } else if (sent < timeline.end()) {
            window.sent(done - sent).carriedOut(Math.max(0, done - timeline.end()));
        }
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
     * was still full when the window closed. Its latency is the least it would have been: the
     * window's end minus its intended time. It was never in flight, so Little's law does not see it.
     */
    void unsent(int stripe, long intended, int maxInFlight) {
        int second = timeline.second(intended);
        if (second < 0) {
            return; // due in the warm-up: not one of the window's requests
        }
        TrialResult.Builder b = window[stripe];
        synchronized (b) {
            b.unsent(Math.min(second, b.seconds() - 1), micros(timeline.end() - intended), String.format(
                    Locale.ROOT, "a request due %.3f s into the window was never sent: the in-flight cap of %d "
                            + "was still full when the window closed, %.1f ms later", (intended - timeline.warmupEnd()) / 1e9,
                    maxInFlight, (timeline.end() - intended) / 1e6));
        }
        listener.finished(micros(timeline.end() - intended), 0, 0, FailureCategory.UNSENT, 0);
    }

    /**
     * Closed loop: a user's time between two requests. It thought from {@code responded} (when the
     * last response came; the spawn time for its first request) to {@code due}, the end of the think
     * time drawn; from then until {@code sent}, its actual send, it was late: due, but not sent by the
     * generator. The parts inside the window count as time spent thinking and time spent late, and a
     * send in the window ({@code sends}: false when the user found the run over) counts its lateness.
     */
    void between(int stripe, long responded, long due, long sent, boolean sends) {
        long thinking = timeline.overlap(responded, due);
        long late = timeline.overlap(due, sent);
        boolean counted = sends && timeline.second(sent) >= 0 && sent < timeline.end();
        if (thinking > 0 || late > 0 || counted) {
            TrialResult.Builder b = window[stripe];
            synchronized (b) {
                b.thinking(thinking).lateInWindow(late);
                if (counted) {
                    b.late(sent - due);
                }
            }
        }
    }

    /** Closed loop: the think time drawn after a request sent at {@code sent}, if that was in the window. */
    void drew(int stripe, long sent, long thinkNanos) {
        if (timeline.second(sent) >= 0 && sent < timeline.end()) {
            TrialResult.Builder b = window[stripe];
            synchronized (b) {
                b.think(thinkNanos);
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
