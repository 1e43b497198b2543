package loadlab.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import loadlab.stats.LawCheck;

/**
 * What one trial measured: the load generator's counts, rate and latency over the measurement
 * window, and what the server cost the machine meanwhile. One trial gives one RPS value: the
 * requests inside a trial are not independent samples, the trials are.
 *
 * @param failuresByCategory failures by kind (connection refused, reset, wrong echo...), only kinds seen
 * @param failureExamples a few failure messages, to show what went wrong
 * @param rps successful responses per second of the window
 * @param latency from the intended send (corrected for coordinated omission in an open loop)
 * @param uncorrectedLatency from the actual send
 * @param series the window second by second
 * @param laws the operational laws checked against this trial (closed loop); empty if not checked
 * @param warnings for example "the load generator, not the server, was the bottleneck"
 */
public record Measurement(long requests, long successes, long failures,
                          Map<String, Long> failuresByCategory, List<String> failureExamples,
                          double windowSeconds, double rps, Latency latency, Latency uncorrectedLatency,
                          List<Second> series, ServerResources resources, List<LawCheck> laws,
                          List<String> warnings) {

    public Measurement {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(uncorrectedLatency, "uncorrectedLatency");
        Objects.requireNonNull(resources, "resources");
        if (requests < 0 || successes < 0 || failures < 0) {
            throw new IllegalArgumentException("counts must not be negative: requests " + requests
                    + ", successes " + successes + ", failures " + failures);
        }
        if (!(windowSeconds > 0)) {
            throw new IllegalArgumentException("the measurement window must be positive, was " + windowSeconds + " s");
        }
        failuresByCategory = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failuresByCategory));
        failureExamples = List.copyOf(failureExamples);
        series = List.copyOf(series);
        laws = List.copyOf(laws);
        warnings = List.copyOf(warnings);
    }

    /** Server CPU time per request in microseconds: what one request cost, whatever the model. */
    public double cpuMicrosPerRequest() {
        return requests > 0 ? resources.cpuSeconds() * 1e6 / requests : Double.NaN;
    }
}
