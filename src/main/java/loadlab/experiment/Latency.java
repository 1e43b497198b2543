package loadlab.experiment;

import org.HdrHistogram.Histogram;

/**
 * One trial's latency distribution, reduced to the figures a report shows, in microseconds.
 * With no responses at all the figures are NaN: there is no latency to speak of, and 0 would
 * read as "infinitely fast".
 */
public record Latency(long count, double meanMicros, double p50Micros, double p90Micros,
                      double p99Micros, double p999Micros, double maxMicros) {

    public static final Latency NONE = new Latency(0, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN);

    /** The figures of a histogram recorded in microseconds. */
    public static Latency of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return NONE;
        }
        return new Latency(micros.getTotalCount(), micros.getMean(),
                micros.getValueAtPercentile(50), micros.getValueAtPercentile(90),
                micros.getValueAtPercentile(99), micros.getValueAtPercentile(99.9),
                micros.getMaxValue());
    }
}
