package loadlab.load;

/**
 * Told of every request of the measurement window as it finishes, besides the generator's own
 * recording: a locust worker turns these into locust's stats and its HdrHistogram log while the
 * run goes on. It is called from the loop thread that finished the request, so it must be quick
 * and safe to call from several threads at once; a slow listener slows the load.
 */
@FunctionalInterface
public interface RequestListener {

    RequestListener NONE = (latencyMicros, uncorrectedMicros, bodyBytes, failure, status) -> { };

    /**
     * One finished request: its latency in microseconds (open loop: from its intended send; for a
     * failure, how long it took to fail), its latency from the actual send (the same in a closed
     * loop; for a request never sent, 0), the bytes of the response's body (0 for a failure), its
     * failure category, null for a success, and the HTTP status of an HTTP_STATUS failure (else 0).
     */
    void finished(long latencyMicros, long uncorrectedMicros, long bodyBytes, FailureCategory failure, int status);
}
