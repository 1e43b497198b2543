package loadlab.load;

import java.util.function.Consumer;

/** The live progress: each second's figures, reported shortly after the second ends. */
final class Progress {

    private final Run run;
    private final Consumer<SecondSample> listener;
    private int next;

    Progress(Run run, Consumer<SecondSample> listener) {
        this.run = run;
        this.listener = listener;
        this.next = -run.timeline.warmupSeconds();
    }

    /** When the next second is due to be reported. */
    long nextDue() {
        return next < run.timeline.seconds() ? run.timeline.endOf(next) + LoadGenerator.LIVE_DELAY_NANOS : Long.MAX_VALUE;
    }

    void emitDue(long now) {
        while (next < run.timeline.seconds() && now >= nextDue()) {
            emit();
        }
    }

    void emitUpTo(int last) {
        while (next <= last && next < run.timeline.seconds()) {
            emit();
        }
    }

    /** Closed loop: the users started by the end of second {@code s}; open loop: the rate. */
    double usersOrRate(int s) {
        if (run.spec.profile() instanceof ClosedLoop closed) {
            return closed.usersStartedBy((run.timeline.endOf(s) - 1 - run.timeline.start()) / 1e9);
        }
        return ((OpenLoop) run.spec.profile()).ratePerSec();
    }

    private void emit() {
        SecondSample sample = run.recorder.sample(next, usersOrRate(next));
        next++;
        listener.accept(sample);
    }
}
