package loadlab.experiment;

/**
 * What a server cost the machine during one measurement window, read from /proc for the server
 * process and all its descendants (process-per-connection and prefork make children).
 *
 * @param cpuSeconds user + system CPU time spent in the window, children that ended included
 * @param sampledSeconds how long the samples span, about the window's length
 * @param peakThreads most threads alive at once, summed over the processes
 * @param peakProcesses most processes alive at once, the server itself included
 * @param peakRssBytes most resident memory at once, summed over the processes
 * @param peakOpenFds most open file descriptors at once (sockets included), summed
 * @param samples how many times /proc was read
 */
public record ServerResources(double cpuSeconds, double sampledSeconds, int peakThreads,
                              int peakProcesses, long peakRssBytes, int peakOpenFds, int samples) {

    /** For trials that ran no server of their own, such as a fake in a unit test. */
    public static final ServerResources NONE = new ServerResources(0, 0, 0, 0, 0, 0, 0);

    /** Mean cores busy over the window: 1.0 is one core fully used. */
    public double cpuCores() {
        return sampledSeconds > 0 ? cpuSeconds / sampledSeconds : Double.NaN;
    }
}
