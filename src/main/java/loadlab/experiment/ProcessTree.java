package loadlab.experiment;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a process and its descendants use right now from Linux's /proc: CPU time, threads,
 * resident memory and open file descriptors, summed over the tree.
 *
 * <p>CPU time counts children that have ended too: when a parent reaps a child, the kernel adds
 * the child's time to the parent's {@code cutime}/{@code cstime} (fields 16 and 17 of
 * {@code /proc/PID/stat}), and the JVM reaps its children at once. So utime + stime + cutime +
 * cstime over the live tree is the tree's total, except for a child caught between its exit and
 * its reaping; {@link ResourceSampler} keeps the running maximum, which that gap cannot lower.
 */
public final class ProcessTree {

    /** The kernel's USER_HZ: the unit of the times in /proc/PID/stat. 100 on every Linux we know. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** The tree's figures at one moment. */
    public record Snapshot(double cpuSeconds, int threads, int processes, long rssBytes, int openFds) { }

    private final long pid;

    public ProcessTree(long pid) {
        this.pid = pid;
    }

    /** Whether this OS has a /proc to read (Linux). */
    public static boolean isSupported() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    /**
     * The tree's figures now. The root is read before its descendants, so that a child reaped in
     * between is missed once (the next sample sees it in cutime) rather than counted twice.
     *
     * @throws IOException if the root process has ended or /proc cannot be read
     */
    public Snapshot read() throws IOException {
        Totals totals = new Totals();
        if (!add(pid, totals)) {
            throw new NoSuchFileException("/proc/" + pid + " (process " + pid + " has ended)");
        }
        List<Long> descendants = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(root -> root.descendants().forEach(p -> descendants.add(p.pid())));
        for (long child : descendants) {
            add(child, totals); // a child that ended meanwhile is simply skipped
        }
        return new Snapshot(totals.ticks / TICKS_PER_SECOND, totals.threads, totals.processes,
                totals.rssKb * 1024, totals.fds);
    }

    private static final class Totals {
        long ticks;
        int threads;
        int processes;
        long rssKb;
        int fds;
    }

    // False if the process is gone. Zombies still have a stat (with their times) but no status VmRSS.
    private static boolean add(long pid, Totals totals) throws IOException {
        Path dir = Path.of("/proc", Long.toString(pid));
        String stat;
        try {
            stat = Files.readString(dir.resolve("stat"));
        } catch (NoSuchFileException ignored) {
            return false; // the process has ended
        }
        // The command name, in parentheses, may hold spaces: count fields after its closing ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        // f[0] is field 3 (state), so field k is f[k - 3].
        totals.ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        totals.threads += Integer.parseInt(f[17]);
        totals.processes++;
        totals.rssKb += rssKb(dir);
        totals.fds += openFds(dir);
        return true;
    }

    private static long rssKb(Path dir) throws IOException {
        try {
            for (String line : Files.readAllLines(dir.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split(" +")[0]);
                }
            }
        } catch (NoSuchFileException ignored) {
            // ended between reading stat and status: it holds no memory any more
        }
        return 0;
    }

    private static int openFds(Path dir) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
            for (Path fd : fds) {
                n++;
            }
        } catch (NoSuchFileException ignored) {
            return 0; // the process has ended
        }
        return n;
    }
}
