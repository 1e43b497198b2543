package loadlab.locust;

import java.time.Duration;
import loadlab.load.LoadGenerator;
import loadlab.load.LoadSpec;
import loadlab.load.RequestListener;
import loadlab.load.StopSignal;
import loadlab.load.TrialResult;

/**
 * loadlab's generator running on a thread of its own, so that the worker's thread stays free to
 * answer the master and send heartbeats while the load goes on. It ends when it is stopped (its
 * requests still out finish first) or when its window is over, whichever comes first.
 */
final class GeneratorRun {

    private final StopSignal signal = new StopSignal();
    private final Thread thread;
    private volatile TrialResult result;
    private volatile Throwable failure;

    private GeneratorRun(LoadSpec spec, RequestListener listener) {
        thread = new Thread(() -> {
            try {
                result = LoadGenerator.run(spec, sample -> { }, listener, signal);
            } catch (InterruptedException e) {
                failure = e;
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }, "loadlab-locust-run");
    }

    static GeneratorRun start(LoadSpec spec, RequestListener listener) {
        GeneratorRun run = new GeneratorRun(spec, listener);
        run.thread.start();
        return run;
    }

    /** Stops issuing; the run ends once the requests still out have finished or timed out. */
    void stop() {
        signal.stop();
    }

    boolean done() {
        return !thread.isAlive();
    }

    /** Waits at most {@code d} for the run to end; whether it did. */
    boolean await(Duration d) throws InterruptedException {
        thread.join(d);
        return done();
    }

    /**
     * The run's figures, once it is {@link #done()}.
     *
     * @throws IllegalStateException if the run failed (with its cause) or is still going
     */
    TrialResult result() {
        if (failure != null) {
            throw new IllegalStateException("the generator failed: " + failure, failure);
        }
        if (result == null) {
            throw new IllegalStateException("the generator is still running");
        }
        return result;
    }
}
