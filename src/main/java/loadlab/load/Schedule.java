package loadlab.load;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * The open loop's schedule, as wrk2 keeps it: request k goes out at its intended time (k / rate, or
 * Poisson arrivals), whatever the server does. Latency is timed from the intended time, so a
 * request that had to wait (for a stalled server, a full in-flight cap, or a late loop) counts its
 * wait: no coordinated omission.
 *
 * <p>With several loops each keeps a share of the schedule: with L loops, loop i sends requests
 * i, i + L, i + 2L... of the even schedule, or its own Poisson arrivals at rate / L (L independent
 * Poisson streams add up to one at the whole rate). The in-flight cap is shared out the same way.
 * When a loop's share of the cap is full, its schedule waits, falls behind, and says so; a loop
 * that falls behind by itself (too busy to send on time) says so too, and by how much.
 *
 * <p>Connections come from a pool, most recently used first, so the connections in use stay few
 * and warm.
 */
final class Schedule implements Connection.Owner {

    /** A request sent this late, with the cap not the cause, was sent late by the generator. */
    static final long GENERATOR_LAG_WARNING_NANOS = 20_000_000L;
    /**
     * More than this share of the window's requests sent late by the generator, and the generator was
     * the bottleneck. A single late wake-up of a loop on a busy machine delays a few requests,
     * whose latency is timed from their intended send anyway; a generator too slow for its rate falls
     * further behind with every request.
     */
    static final double LATE_SHARE = 0.01;
    /** Sending this close to the intended time is on schedule: a backlog the cap caused is worked off. */
    static final long ON_TIME_NANOS = 1_000_000L;

    private final Loop loop;
    private final Trial trial;
    private final boolean poisson;
    private final double interval; // between this loop's own sends, on average (ns)
    private final int cap;
    private final int maxInFlight;
    private final SplittableRandom random;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private double offset; // ns from the start to the next intended send
    private int inFlight;
    private boolean waitingForCap;
    private boolean capBacklog; // behind schedule since the cap was last full: that lag is the cap's, not ours
    private boolean done;
    long maxLag;
    long maxGeneratorLag;
    long capWaits;
    long sentInWindow;
    long sentLate;

    /** Loop {@code index} of {@code loops}: its share of the schedule and of the cap. */
    Schedule(Loop loop, OpenLoop profile, int index, int loops, SplittableRandom random) {
        this.loop = loop;
        this.trial = loop.trial;
        this.poisson = profile.poisson();
        this.maxInFlight = profile.maxInFlight();
        this.cap = maxInFlight / loops + (index < maxInFlight % loops ? 1 : 0);
        this.random = random;
        double whole = 1e9 / profile.ratePerSec();
        this.interval = whole * loops;
        this.offset = poisson ? (index == 0 ? 0 : random.nextExponential() * interval) : index * whole;
    }

    /** When the loop must next call {@link #sendDue}: the next intended send, or the window's end while the cap is full. */
    long nextDue() {
        if (done) {
            return Long.MAX_VALUE;
        }
        return waitingForCap ? trial.timeline.end() : intended();
    }

    boolean done() {
        return done;
    }

    private long intended() {
        return trial.loadStart + (long) offset;
    }

    /** Sends every request due by now, as far as the cap lets it. */
    void sendDue() {
        long now = System.nanoTime();
        while (!done && intended() - now <= 0) {
            long intended = intended();
            if (trial.over(intended)) {
                end();
                return;
            }
            if (inFlight >= cap) {
                if (!waitingForCap) {
                    waitingForCap = true;
                    capBacklog = true;
                    if (intended >= trial.timeline.warmupEnd()) {
                        capWaits++;
                    }
                }
                if (now >= trial.timeline.end()) {
                    countUnsent(); // the window ended with the cap still full
                    end();
                }
                return;
            }
            waitingForCap = false;
            long seq = trial.nextSequence(intended);
            if (seq < 0) {
                end();
                return;
            }
            long lag = now - intended;
            if (lag < ON_TIME_NANOS) {
                capBacklog = false;
            }
            if (intended >= trial.timeline.warmupEnd()) {
                maxLag = Math.max(maxLag, lag);
                sentInWindow++;
                if (!capBacklog) {
                    maxGeneratorLag = Math.max(maxGeneratorLag, lag);
                    sentLate += lag > GENERATOR_LAG_WARNING_NANOS ? 1 : 0;
                }
            }
            Connection c = idle.pollFirst();
            if (c == null) {
                c = new Connection(loop, this);
            }
            inFlight++;
            c.send(seq, intended);
            offset += poisson ? random.nextExponential() * interval : interval;
            now = System.nanoTime();
        }
    }

    // Every request of this loop's share due from now to the window's end was never sent: counted, not forgotten.
    private void countUnsent() {
        for (long due = intended(); due < trial.timeline.end(); due = intended()) {
            trial.recorder.unsent(loop.index, due, maxInFlight);
            offset += poisson ? random.nextExponential() * interval : interval;
        }
    }

    private void end() {
        done = true;
        loop.retired();
    }

    @Override
    public void finished(Connection c) {
        inFlight--;
        idle.offerFirst(c);
    }
}
