package loadlab.load;

import java.time.Duration;
import loadlab.Durations;

/**
 * Connections opened only to be held: the C10K load. {@code connections} keep-alive connections
 * are opened at {@code openRatePerSec}, from the start of the warm-up, and then kept open and idle
 * to the end of the window; with {@code every} set, each sends one request that often, as a client
 * with a long poll or a chat app does, and so outlives the server's idle timeout. Their requests are
 * not the trial's: the result counts them apart ({@link HeldConnections}).
 *
 * <p>The load (its users, or its schedule) starts once the last held connection is due to open ({@link #opening()}), so
 * that they meet the server with every held connection in place; a warm-up longer than that keeps
 * the opening out of the figures.
 */
public record Hold(int connections, double openRatePerSec, Duration every) {

    public static final Hold NONE = new Hold(0, 1, null);
    public static final double DEFAULT_OPEN_RATE = 1000;

    public Hold {
        if (connections < 0) {
            throw new IllegalArgumentException("held connections must not be negative, was " + connections);
        }
        if (!(openRatePerSec > 0) || Double.isInfinite(openRatePerSec)) {
            throw new IllegalArgumentException("held connections open at a positive rate, was " + openRatePerSec);
        }
        if (every != null && (every.isNegative() || every.isZero())) {
            throw new IllegalArgumentException("the held connections' request interval must be positive, was "
                    + Durations.format(every));
        }
    }

    /** {@code connections} held idle, opened at {@code openRatePerSec}, sending nothing. */
    public static Hold idle(int connections, double openRatePerSec) {
        return new Hold(connections, openRatePerSec, null);
    }

    /** The same connections, each sending one request every {@code interval}. */
    public Hold every(Duration interval) {
        return new Hold(connections, openRatePerSec, interval);
    }

    public boolean any() {
        return connections > 0;
    }

    /** From the first held connection's opening to the last's: the users start after it. */
    public Duration opening() {
        return Duration.ofNanos((long) (connections * 1e9 / openRatePerSec));
    }
}
