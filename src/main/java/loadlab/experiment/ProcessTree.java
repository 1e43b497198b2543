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
        if (!add(pid, true, totals)) {
            throw new NoSuchFileException("/proc/" + pid + " (process " + pid + " has ended)");
        }
        List<Long> descendants = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(root -> root.descendants().forEach(p -> descendants.add(p.pid())));
        for (long child : descendants) {
            add(child, false, totals); // a child that ended meanwhile is simply skipped
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

    // False if the process is gone. A process that exits while it is read can fail any of the
    // reads (ENOENT, or ESRCH "No such process"), so one process's figures are added only when
    // all were read.
    private static boolean add(long pid, boolean isRoot, Totals totals) throws IOException {
        Path dir = Path.of("/proc", Long.toString(pid));
        long ticks;
        int threads;
        long rssKb;
        int fds;
        try {
            String stat = Files.readString(dir.resolve("stat"));
            // The command name, in parentheses, may hold spaces: count fields after its closing ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
            // f[0] is field 3 (state), so field k is f[k - 3]: utime 14, stime 15, cutime 16, cstime 17, threads 20.
            ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            threads = Integer.parseInt(f[17]);
            rssKb = rssKb(dir);
            fds = openFds(dir);
        } catch (IOException | java.io.UncheckedIOException | java.nio.file.DirectoryIteratorException e) {
            if (isRoot && Files.exists(dir)) {
                throw new IOException("cannot read " + dir + ": " + e.getMessage(), e);
            }
            return false; // gone, or a descendant in the middle of exiting: its time reaches the parent's cutime

        }
        totals.ticks += ticks;
        totals.threads += threads;
        totals.processes++;
        totals.rssKb += rssKb;
        totals.fds += fds;
        return true;
    }

    // A zombie has no VmRSS line: it holds no memory.
    private static long rssKb(Path dir) throws IOException {
        for (String line : Files.readAllLines(dir.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split(" +")[0]);
            }
        }
        return 0;
    }

    private static int openFds(Path dir) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
            for (Path fd : fds) {
                n++;
            }
        }
        return n;
    }
}
