package loadlab.locust;

import java.io.IOException;
import loadlab.experiment.ProcessTree;
import loadlab.load.LoadGenerator;

/**
 * What a locust heartbeat says of the worker's process: its CPU use since the last heartbeat, in
 * percent of one core as locust's psutil figure is (the master warns above 90), and its RSS.
 */
final class ProcessUse {

    private final ProcessTree self = ProcessTree.isSupported() ? new ProcessTree(ProcessHandle.current().pid()) : null;
    private long lastCpu = -1;
    private long lastWall;

    /** As psutil's {@code cpu_percent}, the first call has no interval to measure and says 0 (not the JVM's start). */
    double percentSinceLast() {
        long cpuNow = LoadGenerator.processCpuNanos();
        long wallNow = System.nanoTime();
        double percent = lastCpu < 0 || wallNow == lastWall ? 0 : 100.0 * (cpuNow - lastCpu) / (wallNow - lastWall);
        lastCpu = cpuNow;
        lastWall = wallNow;
        return Math.round(percent * 10) / 10.0;
    }

    long rssBytes() {
        if (self != null) {
            try {
                return self.read().rssBytes();
            } catch (IOException ignored) {
                // /proc went away under us; the heap is the next best figure
            }
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
