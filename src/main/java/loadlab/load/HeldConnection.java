package loadlab.load;

import java.util.Map;
import java.util.TreeMap;

/**
 * One connection of a {@link Hold}: opened at its time, then kept open and idle to the end of the
 * window, so that the server pays for it while it waits; with {@link Hold#every()}, it sends one
 * request that often. It is a timer on its loop, like a {@link User}, and its {@link Connection}'s
 * owner: it hears when the connection opens and when the server closes it. Its requests are counted
 * in its loop's {@link Tally}, not in the trial's figures.
 */
final class HeldConnection extends Timers.Timer implements Connection.Owner {

    /** What one loop's held connections came to; added up over the loops at the end. */
    static final class Tally {
        long attempted;
        long opened;
        long held;
        long requests;
        long failedRequests;
        final Map<String, Long> dropReasons = new TreeMap<>();

        HeldConnections result() {
            return new HeldConnections(attempted, opened, held, dropReasons, requests, failedRequests);
        }
    }

    private enum Phase { WAITING, OPENING, HELD, DONE }

    private final Loop loop;
    private final Trial trial;
    private final Tally tally;
    private final Connection connection;
    private final long everyNanos; // 0: no requests
    private Phase phase = Phase.WAITING;
    private long seq;

    HeldConnection(Loop loop, Tally tally, long openAt, long firstSeq) {
        this.loop = loop;
        this.trial = loop.trial;
        this.tally = tally;
        this.connection = new Connection(loop, this, null, SlowClients.NONE);
        this.everyNanos = trial.spec.hold().every() == null ? 0 : trial.spec.hold().every().toNanos();
        this.seq = firstSeq;
        loop.timers.set(this, openAt);
    }

    /** Its time to open, to send its next request, or the window's end. */
    @Override
    void expire(long due) {
        long now = System.nanoTime();
        if (phase == Phase.WAITING) {
            if (trial.over(now)) {
                end(false);
                return;
            }
            tally.attempted++;
            phase = Phase.OPENING;
            connection.connect();
        } else if (phase == Phase.HELD) {
            if (trial.over(now)) {
                end(true);
            } else {
                tally.requests++;
                connection.send(seq++);
            }
        }
    }

    @Override
    public void connected(Connection c) {
        tally.opened++;
        phase = Phase.HELD;
        waitForNext(System.nanoTime());
    }

    // The next request's time, or the window's end, whichever is sooner.
    private void waitForNext(long now) {
        long end = trial.timeline.end();
        loop.timers.set(this, everyNanos == 0 ? end : Math.min(end, now + everyNanos));
    }

    @Override
    public void lost(Connection c, String why) {
        tally.dropReasons.merge(why, 1L, Long::sum);
        end(false);
    }

    /** One of its requests has finished. */
    @Override
    public void finished(Connection c) {
        Failure failure = c.failure();
        if (failure != null) { // the connection was closed with it
            tally.failedRequests++;
            tally.dropReasons.merge("its request failed: " + failure.category(), 1L, Long::sum);
            end(false);
            return;
        }
        long now = System.nanoTime();
        if (trial.over(now)) {
            end(true);
        } else {
            waitForNext(now);
        }
    }

    /** A held connection's stale close is a drop, counted, never a silent reconnect. */
    @Override
    public boolean retriesStale() {
        return false;
    }

    private void end(boolean held) {
        if (phase == Phase.DONE) {
            return;
        }
        if (held) {
            tally.held++;
        }
        phase = Phase.DONE;
        loop.timers.cancel(this);
        connection.close();
        loop.retired();
    }
}
