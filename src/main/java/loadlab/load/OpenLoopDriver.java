package loadlab.load;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The open loop, as wrk2 runs it: a scheduler thread issues request k at its intended time (k /
 * rate, or Poisson arrivals), whatever the server does, each on its own virtual thread. Latency is
 * timed from the intended time, so a request that had to wait (for a stalled server, a full
 * in-flight cap, or a late scheduler) counts its wait: no coordinated omission.
 *
 * <p>Connections come from a pool of {@link Lane}s, each used by one request at a time, most recently
 * used first (so the connections in use stay few and warm). At most {@code maxInFlight} requests
 * are out; when the cap is full, the scheduler waits, falls behind, and says so.
 */
final class OpenLoopDriver {

    /** A request sent this late, with the cap not the cause, was sent late by the generator. */
    static final long GENERATOR_LAG_WARNING_NANOS = 20_000_000L;
    /**
     * More than this share of the window's requests sent late by the generator, and the generator was
     * the bottleneck. A single late wake-up of the scheduler on a busy machine delays a few requests,
     * whose latency is timed from their intended send anyway; a generator too slow for its rate falls
     * further behind with every request.
     */
    static final double LATE_SHARE = 0.01;
    /** Sending this close to the intended time is on schedule: a backlog the cap caused is worked off. */
    static final long ON_TIME_NANOS = 1_000_000L;

    private final Run run;
    private final OpenLoop profile;
    private final Semaphore inFlight;
    private final ConcurrentLinkedDeque<Lane> idle = new ConcurrentLinkedDeque<>();
    private final Thread scheduler;
    // written by the scheduler thread only; read after it has ended
    private long maxLag;
    private long maxGeneratorLag;
    private long capWaits;
    private long sentInWindow;
    private long sentLate;

    OpenLoopDriver(Run run, OpenLoop profile) {
        this.run = run;
        this.profile = profile;
        this.inFlight = new Semaphore(profile.maxInFlight());
        this.scheduler = Thread.ofPlatform().name("loadlab-scheduler").daemon().unstarted(this::schedule);
    }

    void start() {
        scheduler.start();
    }

    private void schedule() {
        SplittableRandom random = new SplittableRandom();
        Timeline t = run.timeline;
        double interval = 1e9 / profile.ratePerSec();
        double offset = 0; // nanoseconds from the start to the next intended send
        boolean capBacklog = false; // behind schedule since the cap was last full: that lag is the cap's, not ours
        try {
            for (long k = 0; ; k++) {
                long intended = t.start() + (long) offset;
                if (run.over(intended)) {
                    return;
                }
                long now;
                while ((now = System.nanoTime()) < intended) {
                    LockSupport.parkNanos(intended - now);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
                if (!inFlight.tryAcquire()) {
                    capBacklog = true;
                    if (intended >= t.warmupEnd()) {
                        capWaits++;
                    }
                    if (!inFlight.tryAcquire(Math.max(0, t.end() - now), TimeUnit.NANOSECONDS)) {
                        countUnsent(intended, offset, random, interval); // the window ended with the cap still full
                        return;
                    }
                }
                long seq = run.nextSequence(intended);
                if (seq < 0) {
                    inFlight.release();
                    return;
                }
                long lag = System.nanoTime() - intended;
                if (lag < ON_TIME_NANOS) {
                    capBacklog = false;
                }
                if (intended >= t.warmupEnd()) {
                    maxLag = Math.max(maxLag, lag);
                    sentInWindow++;
                    if (!capBacklog) {
                        maxGeneratorLag = Math.max(maxGeneratorLag, lag);
                        sentLate += lag > GENERATOR_LAG_WARNING_NANOS ? 1 : 0;
                    }
                }
                run.threads.execute(() -> request(seq, intended));
                offset += profile.poisson() ? random.nextExponential() * interval : interval;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the hard stop
        }
    }

    // Every request due from `intended` to the window's end was never sent: counted, not forgotten.
    private void countUnsent(long intended, double offset, SplittableRandom random, double interval) {
        Timeline t = run.timeline;
        double next = offset;
        for (long due = intended; due < t.end(); due = t.start() + (long) next) {
            run.recorder.unsent(due, profile.maxInFlight());
            next += profile.poisson() ? random.nextExponential() * interval : interval;
        }
    }

    private void request(long seq, long intended) {
        Lane lane = idle.pollFirst();
        if (lane == null) {
            lane = new Lane(run.target);
        }
        try {
            long sent = System.nanoTime();
            Failure failure = lane.exchange(seq);
            run.recorder.record(intended, sent, System.nanoTime(), failure, lane.staleRetries);
        } finally {
            idle.offerFirst(lane);
            inFlight.release();
        }
    }

    /** Waits for the scheduler thread to end, interrupting it if it is still running at the hard stop. */
    void stop(long deadline) throws InterruptedException {
        long wait = deadline - System.nanoTime();
        if (wait > 0) {
            scheduler.join(Duration.ofNanos(wait));
        }
        if (scheduler.isAlive()) {
            scheduler.interrupt();
            scheduler.join(Duration.ofSeconds(5));
        }
    }

    /** Closes the pooled connections; call when no request is running any more. */
    void closeConnections() {
        Lane lane;
        while ((lane = idle.pollFirst()) != null) {
            lane.close();
        }
    }

    long maxLagNanos() {
        return maxLag;
    }

    long maxGeneratorLagNanos() {
        return maxGeneratorLag;
    }

    long capWaits() {
        return capWaits;
    }

    /** The share of the window's requests that the generator, not the cap, sent more than 20 ms late. */
    double lateShare() {
        return sentInWindow == 0 ? 0 : (double) sentLate / sentInWindow;
    }
}
