package loadlab.experiment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Something done to a trial's server while the load runs: frozen for a second mid-window, say, as
 * a long garbage collection would. Started when the load starts, closed when it ends.
 */
@FunctionalInterface
public interface Disturbance {

    /** Nothing: the server is left alone. */
    Disturbance NONE = new Disturbance() {
        @Override
        public Running start(long serverPid, Duration warmup) {
            return () -> { };
        }

        @Override
        public String toString() {
            return "left alone";
        }
    };

    /** A disturbance under way; {@link #close()} ends it, and throws if it could not be done. */
    @FunctionalInterface
    @SuppressWarnings("try") // close() waits for the disturbance to end: an interrupt there must reach the trial
    interface Running extends AutoCloseable {
        @Override
        void close() throws IOException, InterruptedException;
    }

    /** Starts disturbing process {@code serverPid}, whose measurement window opens {@code warmup} from now. */
    Running start(long serverPid, Duration warmup) throws IOException;

    /**
     * The same, for a disturbance that needs the server's address too: clients of its own (slowloris).
     * By default, the address is not needed.
     */
    default Running start(long serverPid, InetSocketAddress address, Duration warmup) throws IOException {
        return start(serverPid, warmup);
    }
}
