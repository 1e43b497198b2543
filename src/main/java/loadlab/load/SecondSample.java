package loadlab.load;

/**
 * One second of the measurement window: the requests issued in it (open loop: intended in it),
 * how many failed, the median and 99th percentile latency of its successful responses (0 when there
 * were none), and the users active at its end (closed loop) or the target rate (open loop).
 * In the live progress, warm-up seconds have negative numbers.
 */
public record SecondSample(int second, long requests, long failures, double p50Micros, double p99Micros,
                           double usersOrRate) {

    public long successes() {
        return requests - failures;
    }
}
