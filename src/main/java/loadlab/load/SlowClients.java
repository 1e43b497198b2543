package loadlab.load;

/**
 * Closed-loop users that send their requests, or read their responses, at a few bytes a second:
 * slowloris, and a slow reader on a phone. {@code users} of them (0: all the users) are the first
 * users spawned; their requests are counted apart from the others' ({@link TrialResult#slowUsers()}),
 * so that what they suffer does not hide what the fast users get. A rate of 0 is full speed.
 *
 * <p>A slow reader's socket gets a small receive buffer ({@link #READ_BUFFER_BYTES}), as a phone's
 * has: otherwise the kernel would take megabytes of the response for it, and the server would never
 * wait on its writes.
 */
public record SlowClients(int users, long sendBytesPerSec, long readBytesPerSec) {

    public static final SlowClients NONE = new SlowClients(0, 0, 0);
    public static final int READ_BUFFER_BYTES = 4096;

    public SlowClients {
        if (users < 0) {
            throw new IllegalArgumentException("slow users must not be negative, was " + users);
        }
        if (sendBytesPerSec < 0 || readBytesPerSec < 0) {
            throw new IllegalArgumentException("a slow client's rate must be positive (bytes a second), or 0 for full speed");
        }
    }

    /** Every user sends at {@code bytesPerSec}. */
    public static SlowClients sending(long bytesPerSec) {
        return new SlowClients(0, bytesPerSec, 0);
    }

    /** Every user reads at {@code bytesPerSec}. */
    public static SlowClients reading(long bytesPerSec) {
        return new SlowClients(0, 0, bytesPerSec);
    }

    /** Only the first {@code n} users are slow. */
    public SlowClients users(int n) {
        return new SlowClients(n, sendBytesPerSec, readBytesPerSec);
    }

    public boolean any() {
        return sendBytesPerSec > 0 || readBytesPerSec > 0;
    }

    /** Whether user {@code index} (in spawn order) of {@code total} is slow. */
    boolean isSlow(int index) {
        return any() && (users == 0 || index < users);
    }

    /** How many of {@code total} users are slow. */
    public int count(int total) {
        return !any() ? 0 : users == 0 ? total : Math.min(users, total);
    }
}
