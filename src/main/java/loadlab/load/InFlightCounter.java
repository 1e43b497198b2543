package loadlab.load;

/**
 * Little's law's other instrument: how many requests are out (sent, not yet finished), counted up
 * at each send and down at each completion, apart from the {@link Recorder}'s per-request
 * timestamps. It also integrates itself over time, as the kernel does for a disk's queue (the
 * "time in queue" of /proc/diskstats that iostat turns into an average queue size): each change
 * first adds the count so far times the time since the last change, on its own clock. The window's
 * request-seconds in flight are the integral at its end minus the integral at its start, with no
 * sampling error.
 *
 * <p>Why not sample the count on a timer and average the samples: with sample times independent of
 * the load that estimate is unbiased, but its standard error is about
 * sqrt(period * Var(count) / window) / mean, large for short responses and few in flight. Four
 * keep-alive users each out 40 us per 1 ms think time have 0.14 in flight on average: over a 1 s
 * window, samples every 1 ms are off by 7.7% (one standard error), every 100 us by 2.4%, more than a
 * 5% law can afford at three standard errors. And a sampler thread is woken late when the machine is
 * busy, which is when the loops are: on a busy 2-core machine its samples missed this counter's
 * figure by -2.5% to +4.4% (every 1 ms) and by up to +10.7% (every 100 us), where this counter met
 * X R to four digits.
 *
 * <p>The window's edges are known before it opens, so each stripe notes its integral at them, exactly,
 * at its first change after each (or at the driver's read, if none came): the driver, woken late on a
 * busy machine, need not read at the very moment. One stripe per loop (a connection never leaves its
 * loop), so loops never wait for each other; a stripe's lock is for the driver's read.
 */
final class InFlightCounter {

    private final Stripe[] stripes;
    private final long windowStart;
    private final long windowEnd;

    /** A counter with a stripe per loop, that notes its integral at the window's planned start and end. */
    InFlightCounter(int stripes, long windowStart, long windowEnd) {
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.stripes = new Stripe[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new Stripe(new long[] {windowStart, windowEnd});
        }
    }

    /** A request of loop {@code stripe} goes out now. */
    void sent(int stripe) {
        stripes[stripe].add(1);
    }

    /** A request of loop {@code stripe} finished now (answered, failed or cut short). */
    void finished(int stripe) {
        stripes[stripe].add(-1);
    }

    /**
     * The requests in flight integrated over the window's start to {@code end}, in request-nanoseconds;
     * call it once {@code end} has passed. Exact when {@code end} is the planned end; for a window cut
     * short (at maxRequests, or stopped) the count now is taken to have held since {@code end}, which
     * is off only by the requests that started or finished since.
     */
    long integralTo(long end) {
        long now = System.nanoTime();
        long start = 0;
        long atEnd = 0;
        for (Stripe s : stripes) {
            synchronized (s) {
                s.advance(now);
                start += s.atMark[0];
                atEnd += end == windowEnd ? s.atMark[1] : s.area - s.count * Math.max(0, now - end);
            }
        }
        return end - windowStart <= 0 ? 0 : Math.max(0, atEnd - start);
    }

    private static final class Stripe {
        private final long[] marks;
        private final long[] atMark;
        private int passed; // marks passed so far
        private long count;
        private long area;
        private long since = System.nanoTime();

        Stripe(long[] marks) {
            this.marks = marks;
            this.atMark = new long[marks.length];
        }

        synchronized void add(int delta) {
            advance(System.nanoTime());
            count += delta;
        }

        // Caller holds the lock. The count has held since `since`: its integral at each mark passed is exact.
        void advance(long now) {
            while (passed < marks.length && now - marks[passed] >= 0) {
                atMark[passed] = area + count * Math.max(0, marks[passed] - since);
                passed++;
            }
            if (now - since > 0) {
                area += count * (now - since);
                since = now;
            }
        }
    }
}
