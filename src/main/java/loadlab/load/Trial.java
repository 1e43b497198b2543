package loadlab.load;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the loops of one trial share: the spec, the clock, where requests go and how (address,
 * encoder, connection mode, timeouts), the recorder, the sequence numbers, and whether the hard stop
 * has come. Everything here is either fixed or safe to use from every loop at once.
 */
final class Trial {

    final LoadSpec spec;
    final Timeline timeline;
    /** When the load begins: the start, or once the held connections are all due to open (see {@link Hold}). */
    final long loadStart;
    final InetSocketAddress address;
    final RequestEncoder encoder;
    final ConnectionMode mode;
    final long connectNanos;
    final long readNanos;
    final Recorder recorder;
    /** The slow users' requests, counted apart; null without slow users. */
    final Recorder slowRecorder;
    /**
     * How late the loops come round to every user, on purpose: 0, except in a test that needs a
     * generator too slow to send on time ({@link LoadGenerator#runLate}).
     */
    final long lateNanos;
    /**
     * Whether that lateness is booked as thinking, as loadlab once did: the user's due moment moves
     * with it, so no figure shows it but the throughput ({@link LoadGenerator#runLateUnbooked}).
     */
    final boolean lateUnbooked;
    /** Requests the hard stop cut short. */
    final LongAdder cutShort = new LongAdder();
    private final AtomicLong sequence = new AtomicLong();
    private final CountDownLatch capReached = new CountDownLatch(1);
    private volatile long capReachedAt = Long.MAX_VALUE;
    private volatile long stoppedAt = Long.MAX_VALUE;
    private volatile boolean aborted;

    Trial(LoadSpec spec, Timeline timeline, InetSocketAddress address, RequestEncoder encoder, Recorder recorder,
          Recorder slowRecorder, long lateNanos, boolean lateUnbooked) {
        this.spec = spec;
        this.timeline = timeline;
        this.loadStart = timeline.start() + spec.hold().opening().toNanos();
        this.address = address;
        this.encoder = encoder;
        this.mode = spec.mode();
        this.connectNanos = spec.connectTimeout().toNanos();
        this.readNanos = spec.readTimeout().toNanos();
        this.recorder = recorder;
        this.slowRecorder = slowRecorder;
        this.lateNanos = lateNanos;
        this.lateUnbooked = lateUnbooked;
    }

    /** The next request's sequence number, or -1 once maxRequests have been issued (the run then ends early). */
    long nextSequence(long now) {
        long seq = sequence.getAndIncrement();
        if (seq >= spec.maxRequests()) {
            if (capReachedAt == Long.MAX_VALUE) {
                synchronized (this) {
                    capReachedAt = Math.min(capReachedAt, now);
                }
                capReached.countDown();
            }
            return -1;
        }
        return seq;
    }

    /**
     * Whether issuing must stop at {@code now}: the window is over, the request cap was reached, the
     * run was stopped early ({@link StopSignal}), or the hard stop came.
     */
    boolean over(long now) {
        return now >= timeline.end() || capReached.getCount() == 0 || now >= stoppedAt || aborted;
    }

    /** Stops issuing at {@code now}, as if the window ended then; wakes the run's driver, as the cap does. */
    void stop(long now) {
        synchronized (this) {
            stoppedAt = Math.min(stoppedAt, now);
        }
        capReached.countDown();
    }

    /** When the run was stopped early, or Long.MAX_VALUE. */
    long stoppedAt() {
        return stoppedAt;
    }

    /** Whether the run was stopped early: a loop with nothing in flight then ends without waiting out its users' thinks. */
    boolean stoppedEarly() {
        return stoppedAt != Long.MAX_VALUE;
    }

    CountDownLatch capReached() {
        return capReached;
    }

    long capReachedAt() {
        return capReachedAt;
    }

    /** The hard stop: the loops cut short what is still out, close every connection and end. */
    void abort() {
        aborted = true;
    }

    boolean aborted() {
        return aborted;
    }
}
