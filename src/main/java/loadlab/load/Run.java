package loadlab.load;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/** What the parts of one run share: the spec, the clock, the target, the recorder, the sequence numbers. */
final class Run {

    final LoadSpec spec;
    final Timeline timeline;
    final Target target;
    final Recorder recorder;
    final ExecutorService threads;
    private final AtomicLong sequence = new AtomicLong();
    private final CountDownLatch capReached = new CountDownLatch(1);
    private volatile long capReachedAt = Long.MAX_VALUE;

    Run(LoadSpec spec, Timeline timeline, Target target, Recorder recorder, ExecutorService threads) {
        this.spec = spec;
        this.timeline = timeline;
        this.target = target;
        this.recorder = recorder;
        this.threads = threads;
    }

    /** The next request's sequence number, or -1 once maxRequests have been issued (the run then ends early). */
    long nextSequence(long now) {
        long seq = sequence.getAndIncrement();
        if (seq >= spec.maxRequests()) {
            if (capReached.getCount() > 0) {
                synchronized (this) {
                    capReachedAt = Math.min(capReachedAt, now);
                }
                capReached.countDown();
            }
            return -1;
        }
        return seq;
    }

    /** Whether issuing must stop at {@code now}: the window is over, or the request cap was reached. */
    boolean over(long now) {
        return now >= timeline.end() || capReached.getCount() == 0 || target.aborted();
    }

    CountDownLatch capReached() {
        return capReached;
    }

    long capReachedAt() {
        return capReachedAt;
    }
}
