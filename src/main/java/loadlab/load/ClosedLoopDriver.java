package loadlab.load;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The closed loop, as locust runs it: each user is a virtual thread that sends, waits for its
 * response, thinks, and again. User i starts at i / spawn rate. At the window's end a user stops
 * issuing; a think time that would run past the end is cut there and left out of the mean think time.
 */
final class ClosedLoopDriver {

    private final Run run;
    private final ClosedLoop profile;

    ClosedLoopDriver(Run run, ClosedLoop profile) {
        this.run = run;
        this.profile = profile;
    }

    void start() {
        SplittableRandom seeds = new SplittableRandom();
        for (int i = 0; i < profile.users(); i++) {
            long spawnAt = run.timeline.start() + (long) (i * 1e9 / profile.spawnRatePerSec());
            SplittableRandom random = seeds.split(); // one generator per user: no sharing, no locks
            run.threads.execute(() -> user(spawnAt, random));
        }
    }

    private void user(long spawnAt, SplittableRandom random) {
        try (Lane lane = new Lane(run.target)) {
            sleepUntil(spawnAt);
            while (true) {
                long sent = System.nanoTime();
                if (run.over(sent)) {
                    return;
                }
                long seq = run.nextSequence(sent);
                if (seq < 0) {
                    return;
                }
                Failure failure = lane.exchange(seq);
                long done = System.nanoTime();
                run.recorder.record(sent, sent, done, failure, lane.staleRetries);
                long think = profile.think().next(random).toNanos();
                if (think > 0) {
                    if (done + think >= run.timeline.end()) {
                        sleepUntil(run.timeline.end()); // cut at the end: thinking until then, but not a whole think
                        run.recorder.think(done, run.timeline.end(), false);
                        return;
                    }
                    sleepUntil(done + think);
                    run.recorder.think(done, System.nanoTime(), true);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the hard stop: end this user
        }
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long wait = deadline - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
