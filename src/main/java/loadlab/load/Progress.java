package loadlab.load;

import java.util.function.Consumer;

/** The live progress: each second's figures, reported shortly after the second ends. */
final class Progress {

    private final Trial trial;
    private final Consumer<SecondSample> listener;
    private int next;

    Progress(Trial trial, Consumer<SecondSample> listener) {
        this.trial = trial;
        this.listener = listener;
        this.next = -trial.timeline.warmupSeconds();
    }

    /** When the next second is due to be reported. */
    long nextDue() {
        return next < trial.timeline.seconds() ? trial.timeline.endOf(next) + LoadGenerator.LIVE_DELAY_NANOS : Long.MAX_VALUE;
    }

    void emitDue(long now) {
        while (next < trial.timeline.seconds() && now >= nextDue()) {
            emit();
        }
    }

    void emitUpTo(int last) {
        while (next <= last && next < trial.timeline.seconds()) {
            emit();
        }
    }

    /** Closed loop: the users started by the end of second {@code s}; open loop: the rate. */
    double usersOrRate(int s) {
        if (trial.spec.profile() instanceof ClosedLoop closed) {
            return closed.usersStartedBy((trial.timeline.endOf(s) - 1 - trial.loadStart) / 1e9);
        }
        return ((OpenLoop) trial.spec.profile()).ratePerSec();
    }

    private void emit() {
        SecondSample sample = trial.recorder.sample(next, usersOrRate(next));
        next++;
        listener.accept(sample);
    }
}
