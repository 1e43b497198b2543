package loadlab.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One loop thread of the generator, owning many connections: wrk's design, and any event loop's.
 * Each turn it
 * <ol>
 *   <li>wakes the timers that are due: users whose think time is over (they send their next
 *       request), connections whose connect or read deadline passed (their request fails);</li>
 *   <li>sends the open loop's requests that are due by its {@link Schedule};</li>
 *   <li>asks the selector, in one system call (epoll_wait), which of its sockets are ready, waiting
 *       at most until the next timer, and lets each ready {@link Connection} take its next step:
 *       finish connecting, write, read and parse.</li>
 * </ol>
 * A thread per connection costs a thread's stack, and a wake-up of that thread (a context switch)
 * for each response; here one thread serves thousands of connections, and a turn that finds many
 * sockets ready handles them all for one system call. The loop never blocks except in the selector,
 * so nothing that happens to one connection (a server that never answers, a byte a second) holds up
 * another.
 *
 * <p>Deadlines go off within a millisecond (the selector's timeout is in milliseconds); sends
 * within about {@link #PRECISE_NANOS} and the kernel's timer slack: within the last millisecond
 * before a send the loop polls its sockets and parks for short spells instead. A send's lateness
 * counts: in the open loop it is part of the latency, in the closed loop it is time the users spent
 * neither thinking nor waiting (a 10 ms think rounded up to the selector's next millisecond was half a
 * millisecond late on average, 5% of each cycle; precise, 0.14 ms on a busy 2-core machine).
 *
 * <p>Everything here belongs to the loop's thread; other threads only start it, wake it, and join it.
 */
final class Loop implements Runnable {

    /** Reads and writes go through these, shared by the loop's connections, so that a connection keeps only its own bytes. */
    private static final int BUFFER_BYTES = 64 * 1024;
    /** Within the last millisecond before a send, the loop looks at its sockets this often. */
    static final long PRECISE_NANOS = 100_000L;
    private static final long MILLI = 1_000_000L;

    final int index;
    final Trial trial;
    final Selector selector;
    /** Deadlines (connect, read), a slow client's pace, held connections: these go off within a millisecond. */
    final Timers timers = new Timers();
    /**
     * Users due to send (spawned, or done thinking): these go off as precisely as the open loop's sends,
     * for the time between a user's due moment and its send is the generator's lateness, its own figure,
     * which a trial counts against the generator ({@code Measurement.LATENESS_LIMIT}).
     */
    final Timers sends = new Timers();
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final List<Connection> connections = new ArrayList<>();
    private final Consumer<SelectionKey> onReady = key -> ((Connection) key.attachment()).ready(key);
    private final Thread thread;
    private final ArrayDeque<Closing> closing = new ArrayDeque<>();
    private final HeldConnection.Tally held = new HeldConnection.Tally();
    private long turn; // selects so far
    private Schedule schedule;
    private int senders;   // users, schedules and held connections not done yet
    private int exchanges; // requests out
    private volatile Throwable crash;

    Loop(Trial trial, int index) {
        this.trial = trial;
        this.index = index;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the generator's loop", e);
        }
        this.thread = Thread.ofPlatform().name(LoadGenerator.THREAD_PREFIX + "loop-" + index).unstarted(this);
    }

    /** A closed-loop user, who starts at {@code spawnAt}, slow or not. Before {@link #start()} only. */
    void addUser(ThinkTime think, SplittableRandom random, long spawnAt, SlowClients pace) {
        new User(this, think, random, spawnAt, pace);
        senders++;
    }

    /** A held connection, opened at {@code openAt}; {@code firstSeq} numbers its requests. Before {@link #start()} only. */
    void addHeld(long openAt, long firstSeq) {
        new HeldConnection(this, held, openAt, firstSeq);
        senders++;
    }

    /** What this loop's held connections came to; read after the loop has ended. */
    HeldConnections held() {
        return held.result();
    }

    /** This loop's share of the open loop's schedule. Before {@link #start()} only. */
    void addSchedule(OpenLoop profile, int loops, SplittableRandom random) {
        schedule = new Schedule(this, profile, index, loops, random);
        senders++;
    }

    Schedule schedule() {
        return schedule;
    }

    void adopt(Connection c) {
        connections.add(c);
    }

    void exchangeStarted() {
        exchanges++;
    }

    void exchangeFinished() {
        exchanges--;
    }

    /**
     * Closes a socket once the selector has forgotten it. The JDK can't close a socket still
     * registered with a selector: it shuts down its output at once and closes it at the next select,
     * two more system calls per connection. So its key is cancelled now, the next select takes it out
     * of epoll, and the socket is closed after that select: with a new connection per request, a
     * tenth of the system calls saved.
     */
    void close(SocketChannel channel, SelectionKey key) {
        if (key == null) {
            closeNow(channel); // never registered
            return;
        }
        key.cancel();
        closing.add(new Closing(channel, turn));
    }

    private record Closing(SocketChannel channel, long cancelledAt) { }

    // After select number `turn`: the keys cancelled before it began are out of epoll now.
    private void closeForgotten() {
        while (!closing.isEmpty() && closing.peekFirst().cancelledAt() < turn) {
            closeNow(closing.pollFirst().channel());
        }
    }

    private static void closeNow(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a connection that already failed: nothing more to learn from it
        }
    }

    /** A user, a schedule or a held connection is done. */
    void retired() {
        senders--;
    }

    void start() {
        thread.start();
    }

    /** Wakes the loop from its selector: the hard stop has come. */
    void wakeup() {
        selector.wakeup();
    }

    /** Waits for the loop's thread to end; rethrows what ended it, if it was not the end of its work. */
    void join(long nanos) throws InterruptedException {
        thread.join(Duration.ofNanos(Math.max(1, nanos)));
        if (crash != null) {
            throw new IllegalStateException("the generator's loop " + index + " failed", crash);
        }
    }

    boolean alive() {
        return thread.isAlive();
    }

    /** Closes the selector of a loop whose thread never started (the run failed before); a started loop closes its own. */
    void discardIfNeverStarted() {
        if (thread.getState() == Thread.State.NEW) {
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing was registered with it
            }
        }
    }

    @Override
    public void run() {
        try {
            while (true) {
                long now = System.nanoTime();
                timers.expireDue(now);
                sends.expireDue(now);
                if (schedule != null) {
                    schedule.sendDue();
                }
                if (trial.aborted()) {
                    for (Connection c : connections) {
                        c.cutShort();
                    }
                    return;
                }
                if (exchanges == 0 && (senders == 0 || trial.stoppedEarly())) {
                    return; // stopped early: users still thinking would only wake to find the run over
                }
                await();
            }
        } catch (Throwable t) {
            crash = t;
        } finally {
            for (Connection c : connections) {
                c.close();
            }
            closing.forEach(c -> closeNow(c.channel()));
            try {
                selector.close();
            } catch (IOException ignored) {
                // the loop is over; its sockets are closed already
            }
        }
    }

    /** Waits in the selector until a socket is ready or the next timer is due, and handles the ready sockets. */
    private void await() throws IOException {
        turn++;
        select();
        closeForgotten();
    }

    private void select() throws IOException {
        long now = System.nanoTime();
        long untilTimer = timers.next() - now;
        long nextSend = Math.min(sends.next(), schedule == null ? Long.MAX_VALUE : schedule.nextDue());
        long untilSend = nextSend == Long.MAX_VALUE ? Long.MAX_VALUE : nextSend - now;
        if (untilTimer <= 0 || untilSend <= 0) {
            selector.selectNow(onReady);
        } else if (untilSend < MILLI) { // spells of parking, not the selector's whole milliseconds
            if (selector.selectNow(onReady) == 0) {
                LockSupport.parkNanos(Math.min(untilSend, PRECISE_NANOS));
            }
        } else {
            long millis = Math.min(untilTimer == Long.MAX_VALUE ? Long.MAX_VALUE : (untilTimer + MILLI - 1) / MILLI,
                    untilSend / MILLI); // a timer rounds up, a send down: it finishes the wait precisely
            selector.select(onReady, millis == Long.MAX_VALUE ? 0 : millis); // 0: until a socket is ready, or a wakeup
        }
    }
}
