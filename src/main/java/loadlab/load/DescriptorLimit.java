package loadlab.load;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The check before a run that this process may open as many connections as the run needs: one file
 * descriptor each. Without it, a run of 10,000 users under {@code ulimit -n 1024} fails thousands of
 * connects with "Too many open files", counted against the server.
 */
public final class DescriptorLimit {

    /** Descriptors kept free for everything else: the JDK's jars, the selector, files a report writes. */
    static final long SPARE = 64;

    private DescriptorLimit() { }

    /** The most connections a run may open at once: users of a closed loop or requests in flight of an open one, and the held ones. */
    public static long connectionsNeeded(LoadSpec spec) {
        long load = switch (spec.profile()) {
            case ClosedLoop closed -> closed.users();
            case OpenLoop open -> open.maxInFlight();
        };
        return load + spec.hold().connections();
    }

    /**
     * The connections this process may still open: its open-file limit, less the descriptors open
     * now and {@link #SPARE}; {@link Long#MAX_VALUE} where there is no such limit to read.
     */
    public static long connectionsAllowed() {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix)) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - SPARE);
    }

    /** The open-file limit and what it allows, in a sentence; empty where there is no such limit. */
    public static String describe() {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix)) {
            return "";
        }
        return "open-file limit " + unix.getMaxFileDescriptorCount() + ", " + unix.getOpenFileDescriptorCount()
                + " open: up to " + connectionsAllowed() + " connections";
    }

    /**
     * Throws, before the run starts, if it could need more descriptors than the limit leaves.
     *
     * @throws IllegalStateException saying how many it needs, how many are free, and how to raise the limit
     */
    public static void check(LoadSpec spec) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof UnixOperatingSystemMXBean unix)) {
            return; // no descriptor limit to read here
        }
        long needed = connectionsNeeded(spec);
        long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - SPARE;
        if (needed > free) {
            throw new IllegalStateException("this run may open " + needed + " connections at once, but this process may open"
                    + " only " + Math.max(0, free) + " more file descriptors (limit " + unix.getMaxFileDescriptorCount()
                    + ", " + unix.getOpenFileDescriptorCount() + " open, " + SPARE + " kept spare): raise the limit"
                    + " (ulimit -n) or use fewer users or held connections");
        }
    }
}
