package loadlab.server;

/**
 * A line to stderr at most once a second, with a count of the ones held back. A server that logs
 * every failed accept while it is out of file descriptors writes a million lines in seconds (47 MB
 * in 5 s, measured), which costs a core and fills a disk; one line a second says the same.
 */
final class RateLimitedLog {

    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final String source;
    private long lastAt = System.nanoTime() - INTERVAL_NANOS;
    private long heldBack;

    RateLimitedLog(String source) {
        this.source = source;
    }

    synchronized void log(String message) {
        long now = System.nanoTime();
        if (now - lastAt < INTERVAL_NANOS) {
            heldBack++;
            return;
        }
        String more = heldBack == 0 ? "" : " (and " + heldBack + " more like it since the last line)";
        heldBack = 0;
        lastAt = now;
        System.err.println(source + ": " + message + more);
    }

    /** A throwable in a few words: its class and message, without a stack trace for every connection. */
    static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
