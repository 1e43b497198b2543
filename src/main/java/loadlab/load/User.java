package loadlab.load;

import java.util.SplittableRandom;

/**
 * A closed-loop user, as locust runs one: it starts at its spawn time, sends a request on its
 * {@link Connection}, waits for the response, thinks, and again, until the window ends. It is no
 * thread: its spawn and its think times are a {@link Timers.Timer} on its loop, and waiting for a
 * response is its connection waiting for the selector. A think time that would run past the
 * window's end is cut there, and left out of the mean think time. A slow user ({@link SlowClients})
 * sends or reads a few bytes at a time, and is counted apart.
 */
final class User extends Timers.Timer implements Connection.Owner {

    private final Loop loop;
    private final Trial trial;
    private final Recorder recorder; // the trial's, or the slow users' own
    private final ThinkTime think;
    private final SplittableRandom random; // one per user: no sharing
    private final Connection connection;
    private long thinkingSince = -1; // when the last response came; -1 before the first request
    private boolean thinks;          // whether the time since then is a think time drawn (not zero)

    User(Loop loop, ThinkTime think, SplittableRandom random, long spawnAt, SlowClients pace) {
        this.loop = loop;
        this.trial = loop.trial;
        this.recorder = pace.any() ? trial.slowRecorder : trial.recorder;
        this.think = think;
        this.random = random;
        this.connection = new Connection(loop, this, recorder, pace);
        loop.sends.set(this, spawnAt);
    }

    /** Spawned, or done thinking: the next request, unless the window is over. */
    @Override
    void expire(long due) {
        long now = System.nanoTime();
        if (thinkingSince >= 0) {
            // From the response to this send the user was not waiting for a server: thinking, including the
            // moments the loop took to come round to it (a thread per user had them as the wake-up from its sleep).
            // Without a think time drawn it is not a think, for the mean think time.
            recorder.think(loop.index, thinkingSince, now, thinks);
            thinkingSince = -1;
        }
        if (trial.over(now)) {
            loop.retired();
            return;
        }
        long seq = trial.nextSequence(now);
        if (seq < 0) {
            loop.retired();
            return;
        }
        connection.send(seq);
    }

    @Override
    public void finished(Connection c) {
        long done = System.nanoTime();
        long nanos = think.next(random).toNanos();
        if (done + nanos >= trial.timeline.end() && nanos > 0) {
            // Thinking until the end, but not a whole think: it counts as time spent thinking only.
            recorder.think(loop.index, done, trial.timeline.end(), false);
            loop.retired();
            return;
        }
        thinkingSince = done;
        thinks = nanos > 0;
        loop.sends.set(this, done + nanos);
    }
}
