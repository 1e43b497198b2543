package loadlab.load;

/**
 * Ends a run early, from another thread: issuing stops at once, as at the end of the window; the
 * requests still out finish (or meet their timeouts); users in the middle of a think stop thinking;
 * and {@link LoadGenerator#run(LoadSpec, java.util.function.Consumer, RequestListener, StopSignal)}
 * returns the result of the window so far. A run that is open-ended, as a locust worker's is until
 * its master says stop, needs this; a trial of fixed length never does.
 */
public final class StopSignal {

    private Trial trial;
    private boolean stopped;

    /** Stops the run it belongs to; before the run starts, the run stops as soon as it starts. Idempotent. */
    public synchronized void stop() {
        if (!stopped) {
            stopped = true;
            if (trial != null) {
                trial.stop(System.nanoTime());
            }
        }
    }

    public synchronized boolean stopped() {
        return stopped;
    }

    synchronized void attach(Trial t) {
        trial = t;
        if (stopped) {
            t.stop(System.nanoTime());
        }
    }
}
