package loadlab.server;

import java.util.Comparator;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Deadlines kept in order, so that expiring idle connections costs an event loop nothing per
 * wake-up: it looks at the earliest deadline alone, and visits a connection only when that
 * connection's own time has come. Scanning every connection on every wake-up instead costs 10,000
 * checks per wake-up with 10,000 idle clients, and the loop wakes for every request.
 *
 * <p>Activity does not touch the order. Bytes arriving only move a connection's deadline later, so
 * the connection keeps its place; when its turn comes, the loop asks it for its deadline again and
 * puts it back at the new one if that is still ahead (lazy rescheduling: one visit per idle timeout
 * for a busy connection, not one per byte). Only a deadline that moves earlier, as when a lingering
 * close starts, re-queues it at once. One thread (the loop's) uses it.
 */
final class Deadlines {

    /** A time {@link Timed#deadline()} returns for "no deadline now" (waiting on our own worker). */
    static final long NEVER = Long.MAX_VALUE;

    /** Something with a deadline: a connection, or the listener waiting out an accept back-off. */
    abstract static class Timed {
        private static final AtomicLong IDS = new AtomicLong();
        private final long id = IDS.incrementAndGet(); // orders equal deadlines
        private long queuedAt;
        private boolean queued;

        /** When it must next be looked at (System.nanoTime), or {@link #NEVER}. */
        abstract long deadline();
    }

    private final TreeSet<Timed> queue = new TreeSet<>(
            Comparator.<Timed>comparingLong(t -> t.queuedAt).thenComparingLong(t -> t.id));
    private long visits;

    /** After any change to {@code t}: queues it, or moves it earlier if its deadline did. Cheap when it moved later. */
    void update(Timed t) {
        long deadline = t.deadline();
        if (t.queued && deadline - t.queuedAt >= 0) {
            return; // later or the same: it keeps its place and is looked at then
        }
        remove(t);
        if (deadline != NEVER) {
            t.queuedAt = deadline;
            t.queued = true;
            queue.add(t);
        }
    }

    void remove(Timed t) {
        if (t.queued) {
            queue.remove(t);
            t.queued = false;
        }
    }

    /**
     * Hands each item whose deadline has passed to {@code expired}, once, and puts back those whose
     * deadline has moved on. Looks at nothing else.
     */
    void expire(long now, Consumer<Timed> expired) {
        while (!queue.isEmpty() && queue.first().queuedAt - now <= 0) {
            Timed due = queue.pollFirst();
            due.queued = false;
            visits++;
            long deadline = due.deadline();
            if (deadline != NEVER && deadline - now > 0) {
                update(due);
            } else if (deadline != NEVER) {
                expired.accept(due);
            }
        }
    }

    /** Milliseconds until the earliest deadline, at least 1; 0 when there is none (select then waits for I/O). */
    long millisUntilNext(long now) {
        if (queue.isEmpty()) {
            return 0;
        }
        return Math.max(1, (queue.first().queuedAt - now + 999_999) / 1_000_000);
    }

    /** Items looked at by {@link #expire} so far: what a test counts to see that idle ones are left alone. */
    long visits() {
        return visits;
    }

    int size() {
        return queue.size();
    }
}
