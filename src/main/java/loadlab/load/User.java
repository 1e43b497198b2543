package loadlab.load;

import java.util.SplittableRandom;

/**
 * A closed-loop user, as locust runs one: it starts at its spawn time, sends a request on its
 * {@link Connection}, waits for the response, thinks, and again, until the window ends. It is no
 * thread: its spawn and its think times are a {@link Timers.Timer} on its loop, and waiting for a
 * response is its connection waiting for the selector. A think time that would run past the
 * window's end is cut there (its draw still counts in the mean think time). A slow user ({@link SlowClients})
 * sends or reads a few bytes at a time, and is counted apart.
 */
final class User extends Timers.Timer implements Connection.Owner {

    private final Loop loop;
    private final Trial trial;
    private final Recorder recorder; // the trial's, or the slow users' own
    private final ThinkTime think;
    private final SplittableRandom random; // one per user: no sharing
    private final Connection connection;
    private long due;               // when the next request is due: the spawn, or the end of the think time drawn
    private long respondedAt = -1;  // when the last response came; -1 before the first request

    User(Loop loop, ThinkTime think, SplittableRandom random, long spawnAt, SlowClients pace) {
        this.loop = loop;
        this.trial = loop.trial;
        this.recorder = pace.any() ? trial.slowRecorder : trial.recorder;
        this.think = think;
        this.random = random;
        this.connection = new Connection(loop, this, recorder, pace);
        due = spawnAt + (trial.lateUnbooked ? trial.lateNanos : 0);
        loop.sends.set(this, spawnAt + trial.lateNanos);
    }

    /**
     * Spawned, or done thinking: the next request, unless the window is over. From the due moment to
     * the actual send the user was late, neither thinking nor waiting for a server: the moments the
     * loop took to come round to it (a busy loop, a timer that went off late, the users sent before it
     * in the same turn). That is the generator's time, kept apart from the think time: the interactive
     * response time law counts it in what the users waited, and a trial late by too much of the users'
     * cycle is invalid. A user's cycle is cut at the connection's own
     * timestamps (send, end of the response), so that its parts add up to the whole.
     */
    @Override
    void expire(long now) {
        long seq = trial.over(now) ? -1 : trial.nextSequence(now);
        if (seq < 0) {
            recorder.between(loop.index, respondedAt < 0 ? due : respondedAt, due, now, false);
            loop.retired();
            return;
        }
        long thoughtFrom = respondedAt < 0 ? due : respondedAt;
        long wasDue = due;
        respondedAt = -1;
        connection.send(seq); // may finish at once (a refused connect), and set the next due moment
        recorder.between(loop.index, thoughtFrom, wasDue, connection.sentAt(), true);
    }

    @Override
    public void finished(Connection c) {
        long done = c.finishedAt();
        long nanos = think.next(random).toNanos();
        recorder.drew(loop.index, c.sentAt(), nanos);
        if (done + nanos >= trial.timeline.end() && nanos > 0) {
            // Thinking until the end: it counts as time spent thinking, and no request follows.
            recorder.between(loop.index, done, done + nanos, done + nanos, false);
            loop.retired();
            return;
        }
        respondedAt = done;
        due = done + nanos + (trial.lateUnbooked ? trial.lateNanos : 0);
        loop.sends.set(this, done + nanos + trial.lateNanos);
    }
}
