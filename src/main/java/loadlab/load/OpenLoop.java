package loadlab.load;

/**
 * Requests at {@code ratePerSec}, evenly spaced or with Poisson (exponential) spacing, whatever the
 * server does, with at most {@code maxInFlight} outstanding. When the cap is reached, sending falls
 * behind schedule; latency is still timed from the intended send time, so the wait counts.
 */
public record OpenLoop(double ratePerSec, boolean poisson, int maxInFlight) implements LoadProfile {

    public static final int DEFAULT_MAX_IN_FLIGHT = 1000;

    public OpenLoop {
        if (!(ratePerSec > 0) || Double.isInfinite(ratePerSec)) {
            throw new IllegalArgumentException("rate must be a positive number of requests per second, was " + ratePerSec);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
    }

    @Override
    public String toString() {
        return "open loop: " + ratePerSec + "/s" + (poisson ? " (Poisson)" : "") + ", at most " + maxInFlight + " in flight";
    }
}
