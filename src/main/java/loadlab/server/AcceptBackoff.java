package loadlab.server;

import java.util.concurrent.TimeUnit;

/**
 * What an acceptor does when accepting fails: out of file descriptors (EMFILE, ENFILE), of socket
 * buffers (ENOBUFS), of memory or threads. The pending connection stays in the kernel's queue, so
 * trying again at once fails again at once: a loop that does so spins a core. Closing the listener
 * instead refuses everyone for good. So: wait 50 ms, doubling to 1 s while it keeps failing, as
 * Tomcat's acceptor does; log at most a line a second; and accept again, which works once a
 * connection has closed and freed its descriptor.
 */
final class AcceptBackoff {

    static final long FIRST_MILLIS = 50;
    static final long MAX_MILLIS = 1_000;

    private final RateLimitedLog log;
    private long nextMillis = FIRST_MILLIS;

    AcceptBackoff(String model) {
        this.log = new RateLimitedLog(model);
    }

    /** After a failure: logs it (at a bounded rate) and returns how long to wait before accepting again. */
    long failed(Throwable e) {
        long wait = nextMillis;
        nextMillis = Math.min(MAX_MILLIS, nextMillis * 2);
        log.log("accept failed (" + RateLimitedLog.describe(e) + "); accepting again in " + wait + " ms");
        return wait;
    }

    /** After a failure, for a thread that may sleep: waits the back-off; false if interrupted (the server is closing). */
    boolean pause(Throwable e) {
        try {
            TimeUnit.MILLISECONDS.sleep(failed(e));
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A connection was accepted and handed on: the next failure waits the shortest time again. */
    void succeeded() {
        nextMillis = FIRST_MILLIS;
    }
}
