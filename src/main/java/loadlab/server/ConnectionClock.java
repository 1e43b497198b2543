package loadlab.server;

import loadlab.http.HttpLimits;
import loadlab.http.RequestParser;

/**
 * When a connection must next show progress, by the three clocks of {@link HttpLimits}: the idle
 * timeout (no byte in or out), the head timeout (the whole request head, from its first byte, a
 * leading empty line included) and the minimum body rate (after a grace of one idle timeout, the
 * body's bytes must keep up with {@code minBodyRate} a second). A dripping client resets the idle
 * clock with every byte; the other two it can't stretch. Every model asks the same clock: the
 * blocking ones turn its deadline into a read timeout, the event loop into a place in its
 * {@link Deadlines}.
 */
final class ConnectionClock {

    private static final long NONE = Long.MIN_VALUE;

    private final long idleNanos;
    private final long headNanos;
    private final long nanosPerBodyByte;
    private long lastProgress;
    private long headStart = NONE;
    private long bodyStart = NONE;

    ConnectionClock(HttpLimits limits, long now) {
        this.idleNanos = limits.idleTimeout().toNanos();
        this.headNanos = limits.headTimeout().toNanos();
        this.nanosPerBodyByte = 1_000_000_000L / limits.minBodyRate();
        this.lastProgress = now;
    }

    /** Bytes went in or out: the idle clock starts again. */
    void progress(long now) {
        lastProgress = now;
    }

    /** The parser has taken what arrived: start the head's or the body's clock if a new one began. */
    void observe(RequestParser parser, long now) {
        switch (parser.phase()) {
            case BETWEEN -> {
                headStart = NONE;
                bodyStart = NONE;
            }
            case HEAD -> {
                if (headStart == NONE) {
                    headStart = now;
                }
                bodyStart = NONE;
            }
            case BODY -> {
                if (bodyStart == NONE) {
                    bodyStart = now;
                }
                headStart = NONE;
            }
        }
    }

    /** The time (System.nanoTime) by which the next byte must come, reading. */
    long readDeadline(RequestParser parser) {
        long deadline = lastProgress + idleNanos;
        if (headStart != NONE) {
            deadline = Math.min(deadline, headStart + headNanos);
        }
        if (bodyStart != NONE) {
            deadline = Math.min(deadline, bodyStart + idleNanos + parser.bodyBytesReceived() * nanosPerBodyByte);
        }
        return deadline;
    }

    /** While writing, only the idle clock runs: a client that does not read is not making progress. */
    long writeDeadline() {
        return lastProgress + idleNanos;
    }

    /** What ran out, for the 408's message: the head's time, the body's rate, or plain silence. */
    String overdue(HttpLimits limits, long now) {
        if (headStart != NONE && now - (headStart + headNanos) >= 0) {
            return "no complete request head within " + limits.headTimeout().toMillis() + " ms";
        }
        if (bodyStart != NONE && now - (lastProgress + idleNanos) < 0) {
            return "request body slower than " + limits.minBodyRate() + " bytes a second";
        }
        return "no complete request within " + limits.idleTimeout().toMillis() + " ms of silence";
    }
}
