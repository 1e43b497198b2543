package loadlab.load;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one trial measured, over its measurement window only (warm-up excluded). Every request
 * issued in the window is counted exactly once, in the second it was issued (open loop: intended),
 * whenever its response came; the totals are the sums of the per-second series.
 *
 * <p>Its parts: here the counts, the latency histograms and the times that Little's law and the
 * response time law are checked with; the per-second figures in a {@link SecondSeries}; the
 * failures, by category and status, with examples, in a {@link FailureTally}.
 *
 * <p>{@link #merge} adds two results as if their generators had run side by side: counts, histograms
 * and the series (second by second) add up, the window is the longer of the two. It is associative,
 * so any number of results can be folded in any grouping.
 */
public final class TrialResult {

    /** Examples kept per failure category: enough to see what went wrong, not a log. */
    public static final int EXAMPLES_PER_CATEGORY = 5;
    static final int LATENCY_DIGITS = 3;

    private final long windowNanos;
    private final Histogram latency;
    private final Histogram uncorrected;
    private final SecondSeries series;
    private final FailureTally failures;
    private final long inFlightNanos;
    private final long carriedInNanos;
    private final long carriedOutNanos;
    private final long untimedNanos;
    private final long thinkNanos;
    private final long thinks;
    private final long thinkingNanos;
    private final long cpuNanos;
    private final long maxLagNanos;
    private final long staleRetries;
    private final List<Warning> warnings;
    private final HeldConnections held;
    private final TrialResult slowUsers; // null without slow users

    /** Shared by every result without a response: never changed, since every accessor copies or only reads. */
    private static final Histogram NO_LATENCY = new Histogram(LATENCY_DIGITS);

    private TrialResult(Builder b) {
        windowNanos = b.windowNanos;
        latency = b.latency == null ? NO_LATENCY : b.latency.copy();
        uncorrected = b.uncorrected == null ? NO_LATENCY : b.uncorrected.copy();
        series = b.series.copy();
        failures = b.failures.copy();
        inFlightNanos = b.inFlightNanos;
        carriedInNanos = b.carriedInNanos;
        carriedOutNanos = b.carriedOutNanos;
        untimedNanos = b.untimedNanos;
        thinkNanos = b.thinkNanos;
        thinks = b.thinks;
        thinkingNanos = b.thinkingNanos;
        cpuNanos = b.cpuNanos;
        maxLagNanos = b.maxLagNanos;
        staleRetries = b.staleRetries;
        warnings = List.copyOf(b.warnings);
        held = b.held;
        slowUsers = b.slowUsers;
    }

    // The same figures over another window (see withWindow): everything else is shared, nothing is changed.
    private TrialResult(TrialResult r, long windowNanos) {
        this.windowNanos = windowNanos;
        latency = r.latency;
        uncorrected = r.uncorrected;
        series = r.series;
        failures = r.failures;
        inFlightNanos = r.inFlightNanos;
        carriedInNanos = r.carriedInNanos;
        carriedOutNanos = r.carriedOutNanos;
        untimedNanos = r.untimedNanos;
        thinkNanos = r.thinkNanos;
        thinks = r.thinks;
        thinkingNanos = r.thinkingNanos;
        cpuNanos = r.cpuNanos;
        maxLagNanos = r.maxLagNanos;
        staleRetries = r.staleRetries;
        warnings = r.warnings;
        held = r.held;
        slowUsers = r.slowUsers == null ? null : r.slowUsers.withWindow(Duration.ofNanos(windowNanos));
    }

    /**
     * The same requests counted over a window of another length, so with another RPS. A test that
     * simulates thousands of experiments uses it to give each fake trial its own RPS from one
     * recorded result, instead of recording every fake request.
     */
    public TrialResult withWindow(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a window must be positive, was " + window);
        }
        return new TrialResult(this, window.toNanos());
    }

    /** A builder for a window of {@code seconds} seconds (the last may be partial). */
    public static Builder builder(int seconds) {
        return new Builder(seconds);
    }

    public long requests() {
        return series.requests();
    }

    public long failures() {
        return series.failures();
    }

    public long successes() {
        return requests() - failures();
    }

    public Map<FailureCategory, Long> failuresByCategory() {
        return failures.byCategory();
    }

    /** The HTTP_STATUS failures by status code. */
    public Map<Integer, Long> failuresByStatus() {
        return failures.byStatus();
    }

    /** The first few failures of each category, each a sentence saying which request and what happened. */
    public Map<FailureCategory, List<String>> failureExamples() {
        return failures.examples();
    }

    /** The measurement window: warm-up excluded; shorter than planned if maxRequests stopped the run. */
    public Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /** Successful responses per second over the window. */
    public double rps() {
        return windowNanos == 0 ? 0 : successes() * 1e9 / windowNanos;
    }

    /**
     * Latency of the successful responses, in microseconds. Open loop: from the intended send time,
     * so time spent waiting behind a stalled server or a full in-flight cap counts (no coordinated
     * omission), and a request the cap kept from being sent before the window closed counts too, at
     * the least it waited: the window's end minus its intended send ({@link FailureCategory#UNSENT}).
     * Closed loop: from the actual send, the only time there is. Includes the connect when the
     * request opened its connection.
     */
    public Histogram latency() {
        return latency.copy();
    }

    /** Latency of the successful responses from the moment each was actually sent, in microseconds. */
    public Histogram uncorrectedLatency() {
        return uncorrected.copy();
    }

    /** {@link #latency()} at a percentile (0 to 100), in microseconds; NaN without a response. */
    public double latencyAt(double percentile) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile);
    }

    /** {@link #uncorrectedLatency()} at a percentile, in microseconds; NaN without a response. */
    public double uncorrectedLatencyAt(double percentile) {
        return uncorrected.getTotalCount() == 0 ? Double.NaN : uncorrected.getValueAtPercentile(percentile);
    }

    /** The mean of {@link #latency()} in microseconds; NaN without a response. */
    public double meanLatencyMicros() {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getMean();
    }

    /** The largest {@link #latency()} in microseconds; NaN without a response. */
    public double maxLatencyMicros() {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue();
    }

    /**
     * Requests in flight, averaged over the window (from the intended send in the open loop, as
     * {@link #latency()}): the time every request spent in flight inside the window, over the window,
     * counted from each request's own start and end. Requests still in flight from the warm-up count
     * for their time in the window, and requests still out at its end for theirs.
     */
    public double meanInFlight() {
        return windowNanos == 0 ? 0 : (double) inFlightNanos / windowNanos;
    }

    /**
     * What Little's law predicts for {@link #meanInFlight()} from the published figures: the requests
     * issued in the window times their mean response time (the latency histogram for those it holds,
     * the measured duration of failures), over the window, with the window's edges counted exactly:
     * plus the time warm-up requests spent in the window, minus the time the window's own requests
     * spent after it. A trial in which the two differ has latencies that are not its requests' times.
     */
    public double littlesLawInFlight() {
        if (windowNanos == 0) {
            return 0;
        }
        double timed = latency.getTotalCount() == 0 ? 0 : latency.getMean() * 1000 * latency.getTotalCount();
        return (timed + untimedNanos + carriedInNanos - carriedOutNanos) / windowNanos;
    }

    /**
     * Closed loop: the users thinking, averaged over the window (think time inside the window over
     * the window). With {@link #meanInFlight()} it accounts for every user whose time is spent either
     * waiting for a response or thinking, which is what the interactive response time law assumes.
     */
    public double meanThinking() {
        return windowNanos == 0 ? 0 : (double) thinkingNanos / windowNanos;
    }

    /** Closed loop: the think time the users actually spent, per think, in seconds; 0 without think time. */
    public double meanThinkSeconds() {
        return thinks == 0 ? 0 : thinkNanos / 1e9 / thinks;
    }

    public List<SecondSample> series() {
        return series.samples();
    }

    /** The generator JVM's CPU use over the window, in cores (0 to the core count). */
    public double generatorCpuShare() {
        return windowNanos == 0 ? 0 : (double) cpuNanos / windowNanos;
    }

    /** Open loop: how far behind its schedule sending fell, at worst, in the window. */
    public Duration maxScheduleLag() {
        return Duration.ofNanos(maxLagNanos);
    }

    /**
     * Keep-alive connections the server had closed while idle: the request was sent again once on a
     * new connection instead of being counted as a failure (see {@link LoadGenerator}).
     */
    public long staleConnectionRetries() {
        return staleRetries;
    }

    public List<Warning> warnings() {
        return warnings;
    }

    /** What became of the connections held besides the load; {@link HeldConnections#NONE} without them. */
    public HeldConnections held() {
        return held;
    }

    /**
     * The slow users' requests ({@link SlowClients}), counted apart from the rest: everything else in
     * this result is the other users'. Null without slow users.
     */
    public TrialResult slowUsers() {
        return slowUsers;
    }

    /** Whether some warning says that the generator, not the server, may have set the pace. */
    public boolean generatorWasTheBottleneck() {
        return warnings.stream().anyMatch(w -> w.kind().generatorBottleneck());
    }

    /** The failed share of the requests, 0 when there were none. */
    public double failureRatio() {
        long n = requests();
        return n == 0 ? 0 : (double) failures() / n;
    }

    public TrialResult merge(TrialResult other) {
        Builder b = new Builder(Math.max(series.seconds(), other.series.seconds()));
        b.add(this);
        b.add(other);
        return b.build();
    }

    @Override
    public String toString() {
        return String.format("%d requests, %d failures, %.1f rps over %s, p50 %d us, p99 %d us",
                requests(), failures(), rps(), window(), latency.getValueAtPercentile(50), latency.getValueAtPercentile(99));
    }

    /**
     * Collects one trial's figures. Not thread-safe: the generator guards each builder with a lock.
     * Seconds count from the start of the measurement window.
     */
    public static final class Builder {
        private long windowNanos;
        private Histogram latency;     // made at the first response: an empty histogram still costs 16 KiB
        private Histogram uncorrected;
        private final SecondSeries series;
        private final FailureTally failures = new FailureTally();
        private long inFlightNanos;
        private long carriedInNanos;
        private long carriedOutNanos;
        private long untimedNanos;
        private long thinkNanos;
        private long thinks;
        private long thinkingNanos;
        private long cpuNanos;
        private long maxLagNanos;
        private long staleRetries;
        private final LinkedHashSet<Warning> warnings = new LinkedHashSet<>();
        private HeldConnections held = HeldConnections.NONE;
        private TrialResult slowUsers;

        private Builder(int seconds) {
            series = new SecondSeries(seconds);
        }

        public int seconds() {
            return series.seconds();
        }

        /** A successful response to a request issued in {@code second}. */
        public Builder success(int second, long latencyMicros, long uncorrectedMicros) {
            series.request(second, false, latencyMicros);
            latency().recordValue(latencyMicros);
            uncorrected().recordValue(uncorrectedMicros);
            return this;
        }

        /**
         * Successful responses to requests of {@code second} whose latencies come already added up, as
         * in an HdrHistogram log: the same as a {@link #success} for each value, without the pairing of
         * each request's latency with its uncorrected one (nothing here needs it).
         */
        public Builder successes(int second, Histogram latencyMicros, Histogram uncorrectedMicros) {
            series.responses(second, latencyMicros);
            latency().add(latencyMicros);
            uncorrected().add(uncorrectedMicros);
            return this;
        }

        /**
         * Open loop: a request that was due in {@code second} but never sent, because the in-flight
         * cap was still full when the window closed. A failure of its own category, and in the
         * latency figures (not the uncorrected ones, for it was never sent) at the least it waited.
         */
        public Builder unsent(int second, long waitedMicros, String example) {
            series.request(second, true, waitedMicros);
            failures.add(FailureCategory.UNSENT, 0, example);
            latency().recordValue(waitedMicros);
            return this;
        }

        private Histogram latency() {
            if (latency == null) {
                latency = new Histogram(LATENCY_DIGITS);
            }
            return latency;
        }

        private Histogram uncorrected() {
            if (uncorrected == null) {
                uncorrected = new Histogram(LATENCY_DIGITS);
            }
            return uncorrected;
        }

        /** A failed request issued in {@code second}; {@code status} is the HTTP code for HTTP_STATUS, else ignored. */
        public Builder failure(int second, FailureCategory category, int status, String example) {
            series.request(second, true, -1);
            failures.add(category, status, example);
            return this;
        }

        public Builder usersOrRate(int second, double value) {
            series.usersOrRate(second, value);
            return this;
        }

        /** Time some request spent in flight inside the window. */
        public Builder inFlight(long nanos) {
            inFlightNanos += nanos;
            return this;
        }

        /** Time a request issued before the window (in the warm-up) spent in flight inside it. */
        public Builder carriedIn(long nanos) {
            carriedInNanos += nanos;
            return this;
        }

        /** Time a request issued in the window spent in flight after the window's end. */
        public Builder carriedOut(long nanos) {
            carriedOutNanos += nanos;
            return this;
        }

        /** The duration of a failed request of the window that the latency histogram does not hold. */
        public Builder untimed(long nanos) {
            untimedNanos += nanos;
            return this;
        }

        /** One think period of a closed-loop user that began in the window, for the mean think time. */
        public Builder think(long nanos) {
            thinkNanos += nanos;
            thinks++;
            return this;
        }

        /** Time some user spent thinking inside the window. */
        public Builder thinking(long nanos) {
            thinkingNanos += nanos;
            return this;
        }

        public Builder staleRetry() {
            staleRetries++;
            return this;
        }

        public Builder window(Duration d) {
            windowNanos = d.toNanos();
            return this;
        }

        public Builder generatorCpu(Duration cpu) {
            cpuNanos = cpu.toNanos();
            return this;
        }

        public Builder scheduleLag(Duration lag) {
            maxLagNanos = Math.max(maxLagNanos, lag.toNanos());
            return this;
        }

        public Builder warning(Warning w) {
            warnings.add(w);
            return this;
        }

        public Builder held(HeldConnections h) {
            held = held.plus(h);
            return this;
        }

        /** The slow users' own result, over the same window. */
        public Builder slowUsers(TrialResult r) {
            slowUsers = slowUsers == null ? r : slowUsers.merge(r);
            return this;
        }

        /** The figures of {@code second} so far, for a live progress line. */
        public SecondSample sample(int second) {
            return series.sample(second);
        }

        /** Adds second {@code second}'s latencies to {@code into}; returns its requests and failures. */
        long[] addSecondTo(int second, Histogram into) {
            return series.addSecondTo(second, into);
        }

        /** Adds everything another result holds, as {@link TrialResult#merge} does. */
        public Builder add(TrialResult r) {
            windowNanos = Math.max(windowNanos, r.windowNanos);
            if (r.latency.getTotalCount() > 0) {
                latency().add(r.latency);
            }
            if (r.uncorrected.getTotalCount() > 0) {
                uncorrected().add(r.uncorrected);
            }
            series.add(r.series);
            failures.add(r.failures);
            inFlightNanos += r.inFlightNanos;
            carriedInNanos += r.carriedInNanos;
            carriedOutNanos += r.carriedOutNanos;
            untimedNanos += r.untimedNanos;
            thinkNanos += r.thinkNanos;
            thinks += r.thinks;
            thinkingNanos += r.thinkingNanos;
            cpuNanos += r.cpuNanos;
            maxLagNanos = Math.max(maxLagNanos, r.maxLagNanos);
            staleRetries += r.staleRetries;
            warnings.addAll(r.warnings);
            held(r.held);
            if (r.slowUsers != null) {
                slowUsers(r.slowUsers);
            }
            return this;
        }

        public TrialResult build() {
            return new TrialResult(this);
        }
    }
}
