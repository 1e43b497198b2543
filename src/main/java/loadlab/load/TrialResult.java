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
    private final long wireNanos;
    private final long wireRequests;
    private final long carriedInNanos;
    private final long carriedOutNanos;
    private final long thinkNanos;
    private final long thinks;
    private final long thinkingNanos;
    private final long lateNanos;
    private final long lates;
    private final long lateInWindowNanos;
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
        wireNanos = b.wireNanos;
        wireRequests = b.wireRequests;
        carriedInNanos = b.carriedInNanos;
        carriedOutNanos = b.carriedOutNanos;
        thinkNanos = b.thinkNanos;
        thinks = b.thinks;
        thinkingNanos = b.thinkingNanos;
        lateNanos = b.lateNanos;
        lates = b.lates;
        lateInWindowNanos = b.lateInWindowNanos;
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
        wireNanos = r.wireNanos;
        wireRequests = r.wireRequests;
        carriedInNanos = r.carriedInNanos;
        carriedOutNanos = r.carriedOutNanos;
        thinkNanos = r.thinkNanos;
        thinks = r.thinks;
        thinkingNanos = r.thinkingNanos;
        lateNanos = r.lateNanos;
        lates = r.lates;
        lateInWindowNanos = r.lateInWindowNanos;
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
     * Requests in flight, averaged over the window, as the in-flight counter saw them: counted up at
     * each actual send and down at each completion, integrated over the window on its own clock
     * ({@link InFlightCounter}), apart from the per-request timestamps that the latencies and
     * {@link #littlesLawInFlight()} come from. Little's law checks one against the other.
     */
    public double meanInFlight() {
        return windowNanos == 0 ? 0 : (double) inFlightNanos / windowNanos;
    }

    /**
     * What Little's law predicts for {@link #meanInFlight()} from the recorder's per-request figures:
     * X R, the requests sent in the window over the window times their mean time from the actual send
     * to completion ({@link #meanResponseSeconds()}), plus the window's edges counted exactly: the time
     * requests sent before the window spent in flight inside it, minus the time the window's requests
     * spent in flight after it. A trial in which the two differ has latencies that are not its
     * requests' times, or requests the recorder lost.
     *
     * <p>Open loop: the requests actually sent, from the actual send (the in-flight cap's waiting
     * room, and the unsent requests, are not in flight: the counter never saw them).
     */
    public double littlesLawInFlight() {
        return windowNanos == 0 ? 0 : (double) (wireNanos + carriedInNanos - carriedOutNanos) / windowNanos;
    }

    /**
     * The mean time from the actual send to completion of the requests sent in the window, successes
     * and failures, in seconds, summed to the nanosecond (the latency histogram rounds to
     * microseconds); NaN without one. A closed loop's R in the interactive response time law.
     */
    public double meanResponseSeconds() {
        return wireRequests == 0 ? Double.NaN : wireNanos / 1e9 / wireRequests;
    }

    /**
     * Closed loop: the users thinking, averaged over the window (think time inside the window over the
     * window): from a response to the end of the think time drawn after it, not to the next send.
     */
    public double meanThinking() {
        return windowNanos == 0 ? 0 : (double) thinkingNanos / windowNanos;
    }

    /**
     * Closed loop: the think time drawn after each of the window's requests, on average, in seconds; 0
     * without think time. Every draw counts, also one cut short by the window's end (the long ones are
     * the likelier to be cut, so leaving them out would bias the mean low). The generator's lateness is
     * not in it ({@link #meanLatenessSeconds()}).
     */
    public double meanThinkSeconds() {
        return thinks == 0 ? 0 : thinkNanos / 1e9 / thinks;
    }

    /**
     * Closed loop: the generator's lateness per request sent in the window, on average, in seconds:
     * from the moment the user was due to send (spawned, or its think time over) to the actual send.
     * A loop too busy to come round to its users, or a timer that goes off late, shows here; the users
     * were neither thinking nor waiting for the server meanwhile, so the interactive response time law
     * X = N / (Z + R) over-predicts the throughput by this share of the cycle Z + R + lateness.
     */
    public double meanLatenessSeconds() {
        return lates == 0 ? 0 : lateNanos / 1e9 / lates;
    }

    /** Closed loop: the user-seconds of lateness inside the window (a user late 2 ms, 500 times: 1 user-second). */
    public double latenessUserSeconds() {
        return lateInWindowNanos / 1e9;
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
        private long wireNanos;
        private long wireRequests;
        private long carriedInNanos;
        private long carriedOutNanos;
        private long thinkNanos;
        private long thinks;
        private long thinkingNanos;
        private long lateNanos;
        private long lates;
        private long lateInWindowNanos;
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

        /** Requests in flight integrated over the window, in request-nanoseconds, from the {@link InFlightCounter}. */
        public Builder inFlight(long nanos) {
            inFlightNanos += nanos;
            return this;
        }

        /** A request sent in the window was in flight {@code nanos}, from its actual send to its completion. */
        public Builder sent(long nanos) {
            wireNanos += nanos;
            wireRequests++;
            return this;
        }

        /** Time a request sent before the window (in the warm-up) spent in flight inside it. */
        public Builder carriedIn(long nanos) {
            carriedInNanos += nanos;
            return this;
        }

        /** Time a request sent in the window spent in flight after the window's end. */
        public Builder carriedOut(long nanos) {
            carriedOutNanos += nanos;
            return this;
        }

        /** The think time drawn after a request of the window, for the mean think time. */
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

        /** A request sent in the window went out {@code nanos} after its user was due to send it. */
        public Builder late(long nanos) {
            lateNanos += nanos;
            lates++;
            return this;
        }

        /** Time some user spent inside the window due to send, but not sent yet. */
        public Builder lateInWindow(long nanos) {
            lateInWindowNanos += nanos;
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
            wireNanos += r.wireNanos;
            wireRequests += r.wireRequests;
            carriedInNanos += r.carriedInNanos;
            carriedOutNanos += r.carriedOutNanos;
            thinkNanos += r.thinkNanos;
            thinks += r.thinks;
            thinkingNanos += r.thinkingNanos;
            lateNanos += r.lateNanos;
            lates += r.lates;
            lateInWindowNanos += r.lateInWindowNanos;
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
