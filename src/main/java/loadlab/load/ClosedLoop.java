package loadlab.load;

import java.util.Objects;

/**
 * {@code users} simulated users, started {@code spawnRatePerSec} per second (infinity: all at once),
 * each sending a request, waiting for the response, thinking, and again. The throughput can never
 * pass N / Z, the ceiling the think time sets (the interactive response time law X = N / (Z + R)).
 */
public record ClosedLoop(int users, double spawnRatePerSec, ThinkTime think) implements LoadProfile {

    public ClosedLoop {
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1, was " + users);
        }
        if (!(spawnRatePerSec > 0)) {
            throw new IllegalArgumentException("spawn rate must be positive (users per second), was " + spawnRatePerSec);
        }
        Objects.requireNonNull(think, "think");
    }

    /** Users started by {@code seconds} after the start: user i starts at i / spawn rate. */
    public int usersStartedBy(double seconds) {
        if (seconds < 0) {
            return 0;
        }
        double started = Math.floor(seconds * spawnRatePerSec) + 1;
        return started >= users ? users : (int) started;
    }

    @Override
    public String toString() {
        String spawn = Double.isInfinite(spawnRatePerSec) ? "all at once" : spawnRatePerSec + "/s";
        return "closed loop: " + users + " users (spawn " + spawn + "), think " + think;
    }
}
