package loadlab.load;

import java.util.Objects;

/**
 * Something about a run that a reader of its figures must know, with its kind, so that code can
 * act on it (an experiment rejects a trial whose generator was the bottleneck) without matching text.
 *
 * @param message a sentence saying what was seen and what it means
 */
public record Warning(Kind kind, String message) {

    public enum Kind {
        /** The load went to another machine (allowed by the spec). */
        REMOTE_TARGET(false),
        /** The generator's JVM used nearly every core: it, not the server, may have set the pace. */
        GENERATOR_CPU(true),
        /** The open loop fell behind its schedule with its in-flight cap not full: the generator was too slow. */
        GENERATOR_BEHIND(true),
        /** The open loop's in-flight cap was full: the server was too slow to keep up (latency still corrected). */
        IN_FLIGHT_CAP_FULL(false),
        /** A closed loop came within 5% of N / Z: the think time, not the server, set the throughput. */
        THINK_TIME_CEILING(false),
        /** Requests were still out at the hard stop and were counted as read timeouts. */
        CUT_SHORT(false),
        /** The run stopped early at its request cap, so the window is shorter than planned. */
        MAX_REQUESTS(false);

        private final boolean generatorBottleneck;

        Kind(boolean generatorBottleneck) {
            this.generatorBottleneck = generatorBottleneck;
        }

        /** Whether a run with this warning measured the generator rather than the server. */
        public boolean generatorBottleneck() {
            return generatorBottleneck;
        }
    }

    public Warning {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return message;
    }
}
