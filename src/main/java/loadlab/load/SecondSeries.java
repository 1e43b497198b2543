package loadlab.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A trial's figures second by second: requests and failures issued in each second of the window,
 * the latencies of that second's responses (for a p50 and a p99), and the users (closed loop) or
 * the rate (open loop) at its end. The totals of a {@link TrialResult} are the sums of these.
 * Mutable while a trial records (each loop into its own, under a lock), then copied into the result.
 */
final class SecondSeries {

    /** The per-second histograms only feed a p50 and a p99 per second: 1% resolution is plenty and 8 times smaller. */
    static final int DIGITS = 2;

    private long[] requests;
    private long[] failures;
    private Histogram[] latency;   // null for a second without a response yet
    private long[] usersOrRateMilli; // fixed point, so that adding series stays exact

    SecondSeries(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("seconds must not be negative, was " + seconds);
        }
        requests = new long[seconds];
        failures = new long[seconds];
        latency = new Histogram[seconds];
        usersOrRateMilli = new long[seconds];
    }

    SecondSeries copy() {
        SecondSeries c = new SecondSeries(0);
        c.requests = requests.clone();
        c.failures = failures.clone();
        c.latency = new Histogram[latency.length];
        for (int s = 0; s < latency.length; s++) {
            c.latency[s] = latency[s] == null ? null : latency[s].copy();
        }
        c.usersOrRateMilli = usersOrRateMilli.clone();
        return c;
    }

    int seconds() {
        return requests.length;
    }

    /** A request issued in {@code second}; {@code latencyMicros} is recorded when it is not negative. */
    void request(int second, boolean failed, long latencyMicros) {
        check(second);
        requests[second]++;
        if (failed) {
            failures[second]++;
        }
        if (latencyMicros >= 0) {
            if (latency[second] == null) {
                latency[second] = new Histogram(DIGITS);
            }
            latency[second].recordValue(latencyMicros);
        }
    }

    /** Successful responses to requests of {@code second}, already added up in a histogram (merging logs). */
    void responses(int second, Histogram h) {
        check(second);
        requests[second] += h.getTotalCount();
        if (latency[second] == null) {
            latency[second] = new Histogram(DIGITS);
        }
        latency[second].add(h);
    }

    void usersOrRate(int second, double value) {
        check(second);
        usersOrRateMilli[second] = Math.round(value * 1000);
    }

    long requests() {
        return Arrays.stream(requests).sum();
    }

    long failures() {
        return Arrays.stream(failures).sum();
    }

    /** The figures of {@code second}, as a live progress line or the result's series shows them. */
    SecondSample sample(int second) {
        check(second);
        Histogram h = latency[second];
        double p50 = h == null ? 0 : h.getValueAtPercentile(50);
        double p99 = h == null ? 0 : h.getValueAtPercentile(99);
        return new SecondSample(second, requests[second], failures[second], p50, p99, usersOrRateMilli[second] / 1000.0);
    }

    List<SecondSample> samples() {
        List<SecondSample> samples = new ArrayList<>(requests.length);
        for (int s = 0; s < requests.length; s++) {
            samples.add(sample(s));
        }
        return samples;
    }

    /** Adds second {@code second}'s latencies to {@code into}; returns its requests and failures. */
    long[] addSecondTo(int second, Histogram into) {
        check(second);
        if (latency[second] != null) {
            into.add(latency[second]);
        }
        return new long[] {requests[second], failures[second]};
    }

    /** Adds another series second by second; grows to the longer of the two. */
    void add(SecondSeries other) {
        if (other.requests.length > requests.length) {
            int seconds = other.requests.length;
            requests = Arrays.copyOf(requests, seconds);
            failures = Arrays.copyOf(failures, seconds);
            latency = Arrays.copyOf(latency, seconds);
            usersOrRateMilli = Arrays.copyOf(usersOrRateMilli, seconds);
        }
        for (int s = 0; s < other.requests.length; s++) {
            requests[s] += other.requests[s];
            failures[s] += other.failures[s];
            usersOrRateMilli[s] += other.usersOrRateMilli[s];
            if (other.latency[s] != null) {
                if (latency[s] == null) {
                    latency[s] = new Histogram(DIGITS);
                }
                latency[s].add(other.latency[s]);
            }
        }
    }

    private void check(int second) {
        if (second < 0 || second >= requests.length) {
            throw new IllegalArgumentException("second " + second + " is outside the window of " + requests.length + " s");
        }
    }
}
