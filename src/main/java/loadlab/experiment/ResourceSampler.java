package loadlab.experiment;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples a server's process tree ({@link ProcessTree}) on a virtual thread while a trial runs.
 * CPU is counted from the start of the measurement window, so the warm-up's JIT compiling and
 * class loading are not charged to the requests of the window; peaks are taken over the window.
 *
 * <pre>{@code
 * try (ResourceSampler sampler = ResourceSampler.start(pid, Duration.ofMillis(100), warmup)) {
 *     ... run the load ...
 *     resources = sampler.stop();
 * }
 * }</pre>
 */
public final class ResourceSampler implements AutoCloseable {

    private final ProcessTree tree;
    private final long periodNanos;
    private final long windowStartNanos;
    private final Thread thread;
    private volatile boolean stopped;

    // Written by the sampling thread, read by stop() after joining it.
    private double baselineCpu = Double.NaN;
    private double cpu; // running maximum: a child between exit and reaping must not lower it
    private long baselineNanos;
    private long lastNanos;
    private int peakThreads;
    private int peakProcesses;
    private long peakRss;
    private int peakFds;
    private int samples;
    private IOException failure;

    private ResourceSampler(long pid, Duration period, Duration untilWindow) {
        this.tree = new ProcessTree(pid);
        this.periodNanos = period.toNanos();
        this.windowStartNanos = System.nanoTime() + untilWindow.toNanos();
        this.thread = Thread.ofVirtual().name("resources-" + pid).unstarted(this::sampleLoop);
    }

    /**
     * Starts sampling process {@code pid} every {@code period}; the window opens {@code untilWindow}
     * from now (the warm-up's length).
     */
    public static ResourceSampler start(long pid, Duration period, Duration untilWindow) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("sampling period must be positive, was " + period);
        }
        ResourceSampler sampler = new ResourceSampler(pid, period, untilWindow);
        sampler.thread.start();
        return sampler;
    }

    private void sampleLoop() {
        // The first sample is taken exactly when the window opens, then one every period.
        long next = windowStartNanos;
        while (!stopped) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // unparked early by stop()
                continue;
            }
            if (!sample()) {
                return;
            }
            next += periodNanos;
        }
    }

    // False once the process is gone or /proc fails: nothing more to learn.
    private boolean sample() {
        ProcessTree.Snapshot s;
        try {
            s = tree.read();
        } catch (IOException e) {
            failure = e;
            return false;
        }
        long now = System.nanoTime();
        if (Double.isNaN(baselineCpu)) {
            baselineCpu = s.cpuSeconds();
            baselineNanos = now;
        }
        cpu = Math.max(cpu, s.cpuSeconds());
        lastNanos = now;
        peakThreads = Math.max(peakThreads, s.threads());
        peakProcesses = Math.max(peakProcesses, s.processes());
        peakRss = Math.max(peakRss, s.rssBytes());
        peakFds = Math.max(peakFds, s.openFds());
        samples++;
        return true;
    }

    /**
     * Takes a last sample and returns what the window cost.
     *
     * @throws IOException if the server process could not be read at all, for example because it
     *     ended before the window opened
     */
    public ServerResources stop() throws IOException, InterruptedException {
        stopped = true;
        LockSupport.unpark(thread);
        thread.join();
        if (samples == 0 || failure == null) {
            sample(); // the closing sample, or the first if the trial was shorter than its warm-up
        }
        if (samples == 0) {
            throw new IOException("could not read the resources of the server process: "
                    + (failure != null ? failure.getMessage() : "no sample taken"), failure);
        }
        return new ServerResources(cpu - baselineCpu, (lastNanos - baselineNanos) / 1e9, peakThreads,
                peakProcesses, peakRss, peakFds, samples);
    }

    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
