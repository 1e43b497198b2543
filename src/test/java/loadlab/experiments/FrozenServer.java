package loadlab.experiments;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import loadlab.Durations;
import loadlab.experiment.Disturbance;

/**
 * A server that freezes once in the middle of the measurement window, as a process does in a long
 * stop-the-world garbage collection, or when someone presses Ctrl-Z in its terminal (Gil Tene's
 * demonstration in "How NOT to measure latency"): SIGSTOP, a pause, SIGCONT. While it is frozen the
 * kernel still completes TCP handshakes into its listen backlog and buffers the requests; nothing is
 * answered until it runs again. Linux (or any POSIX system with {@code kill}) only, as the lab's
 * /proc sampling already is.
 *
 * @param intoWindow how long after the window opens the freeze begins
 * @param length how long it lasts
 */
record FrozenServer(Duration intoWindow, Duration length) implements Disturbance {

    @Override
    public Running start(long pid, Duration warmup) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread freezer = Thread.ofPlatform().name("freezer-" + pid).start(() -> {
            try {
                freezeOnce(pid, warmup.plus(intoWindow), length);
            } catch (IOException e) {
                failure.set(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the trial ended first: nothing (more) to freeze
            }
        });
        return () -> {
            freezer.interrupt();
            freezer.join();
            if (failure.get() != null) {
                throw new IOException("could not freeze server " + pid + ": " + failure.get().getMessage(), failure.get());
            }
        };
    }

    private static void freezeOnce(long pid, Duration after, Duration length) throws IOException, InterruptedException {
        TimeUnit.NANOSECONDS.sleep(after.toNanos());
        signal("STOP", pid);
        try {
            TimeUnit.NANOSECONDS.sleep(length.toNanos());
        } finally {
            signal("CONT", pid); // even when interrupted (the sleep cleared the flag): a frozen server can't close
        }
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).redirectErrorStream(true).start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " failed: "
                    + new String(kill.getInputStream().readAllBytes()).strip());
        }
    }

    @Override
    public String toString() {
        return "the server frozen (SIGSTOP) " + Durations.format(intoWindow) + " into the window for " + Durations.format(length);
    }
}
