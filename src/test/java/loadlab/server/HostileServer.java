package loadlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import loadlab.experiment.ProcessTree;

/**
 * A model in a JVM of its own with the experiments' heap (-Xmx512m, {@link ServerProcess}), set up
 * for hostile clients: short timeouts so that the scenarios are quick (or longer ones, where the
 * scenario is load), few threads and children so that they are reached, JVM options in its environment as a user's shell may have them
 * ({@code JAVA_TOOL_OPTIONS=-Xlog:gc}, which prints to stdout), and its error output in a file. Its
 * resources are read from /proc, for the server and all its children, and its limits changed
 * while it runs with {@code prlimit --pid}.
 */
final class HostileServer implements AutoCloseable {

    static final Duration IDLE = Duration.ofMillis(500);
    static final Duration HEAD = Duration.ofMillis(300);

    /**
     * STRICT: an idle timeout of 0.5 s and a head timeout of 0.3 s, for the scenarios about time.
     * PATIENT: 5 s each, for the scenarios about load, where a test client starved of CPU by 300
     * others (on 2 shared cores) must not be timed out for being slow itself.
     */
    enum Patience {
        STRICT(IDLE, HEAD), PATIENT(Duration.ofSeconds(5), Duration.ofSeconds(5));

        final ServerConfig config;

        Patience(Duration idle, Duration head) {
            config = ServerConfig.defaults().withWorkers(2).withThreads(4).withQueue(16).withMaxChildren(8)
                    .withIdleTimeout(idle).withHeadTimeout(head);
        }
    }
    // MALLOC_ARENA_MAX: glibc reserves 64 MiB of address space per malloc arena, up to 8 per core,
    // which would make the address-space limit of the thread scenario a matter of luck.
    private static final Map<String, String> ENVIRONMENT = Map.of("JAVA_TOOL_OPTIONS", "-Xlog:gc",
            "JDK_JAVA_OPTIONS", "-Xlog:gc", "MALLOC_ARENA_MAX", "2");
    /** The threads a model makes per connection: these must all end. Pools and the JVM's own are bounded. */
    private static final List<String> PER_CONNECTION_THREADS = List.of("connection-", "relay-", "upstream-", "naive-");
    /** Descriptors the JDK opens once, on first use (the virtual-thread poller's, a 503's first lingering close). */
    static final int FD_SLACK = 8;

    private final String model;
    private final ServerProcess process;
    private final Path errors;
    private final List<Long> servingPids; // the JVM, and prefork's workers: not process-per-connection's passing children

    private HostileServer(String model, ServerProcess process, Path errors) {
        this.model = model;
        this.process = process;
        this.errors = errors;
        List<Long> pids = new ArrayList<>(List.of(process.pid()));
        try (Stream<ProcessHandle> children = process.handle().children()) {
            children.filter(ProcessHandle::isAlive).forEach(p -> pids.add(p.pid()));
        }
        this.servingPids = List.copyOf(pids);
    }

    static HostileServer start(String model, Patience patience) throws IOException {
        Path errors = Files.createTempFile("loadlab-hostile-" + model + "-", ".log");
        ServerProcess process = ServerProcess.start(model, patience.config, new ServerProcess.Launch(ENVIRONMENT, errors));
        return new HostileServer(model, process, errors);
    }

    EchoServer server() {
        return process;
    }

    String model() {
        return model;
    }

    int port() {
        return process.port();
    }

    /** What the server holds now: open descriptors, per-connection threads, processes, CPU time. */
    record Usage(int fds, int connectionThreads, int processes, double cpuSeconds) { }

    Usage usage() throws IOException {
        ProcessTree.Snapshot snapshot = new ProcessTree(process.pid()).read();
        int threads = 0;
        for (long pid : servingPids) {
            threads += connectionThreads(pid);
        }
        return new Usage(snapshot.openFds(), threads, snapshot.processes(), snapshot.cpuSeconds());
    }

    /** Waits until the server holds no more than it did before: every connection and its thread and child let go. */
    void assertNothingLeakedSince(Usage before, String scenario) {
        await(model + ", " + scenario + ": back to what it held before").atMost(Duration.ofSeconds(8))
                .pollInterval(Duration.ofMillis(100)).pollInSameThread().untilAsserted(() -> {
                    Usage now = usage();
                    assertThat(now.connectionThreads()).as("per-connection threads (before: %s)", before).isLessThanOrEqualTo(before.connectionThreads());
                    assertThat(now.processes()).as(() -> "processes, the server's included (before: " + before + "; now: "
                            + descendants() + ")").isLessThanOrEqualTo(before.processes());
                    assertThat(now.fds()).as("open file descriptors (before: %s)", before).isLessThanOrEqualTo(before.fds() + FD_SLACK);
                });
    }

    /** The server's descendant processes, each as its pid and command line: which ones are left, when some are. */
    private String descendants() {
        try (Stream<ProcessHandle> all = process.handle().descendants()) {
            return all.map(p -> p.pid() + " " + p.info().commandLine().orElse("?")
                    .replaceAll("-cp \\S+", "-cp ...")).toList().toString();
        }
    }

    /** The processes that accept and serve: the JVM itself, and prefork's workers. */
    List<Long> pids() {
        return servingPids;
    }

    /**
     * CPU seconds used so far by the threads that accept: each blocking model's acceptor (prefork's
     * workers' too), or the event loop. A spinning accept loop burns its own thread's time, whatever
     * else the process does (starting threads, compiling, collecting).
     */
    double acceptorCpuSeconds() throws IOException {
        String name = model.startsWith("event-loop") ? "event-loop"
                : (model.equals("prefork") ? "single-threaded" : model) + "-acceptor";
        String comm = name.substring(0, Math.min(15, name.length())); // the kernel keeps 15 characters of a name
        double seconds = 0;
        for (long pid : servingPids) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks) {
                    if (readQuietly(task.resolve("comm")).equals(comm)) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
                        seconds += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, USER_HZ ticks
                    }
                }
            }
        }
        return seconds;
    }

    private static int connectionThreads(long pid) {
        int n = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String name = readQuietly(task.resolve("comm"));
                if (PER_CONNECTION_THREADS.stream().anyMatch(name::startsWith)) {
                    n++;
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException gone) {
            return 0; // the process ended while we looked (a child of process-per-connection)
        }
        return n;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException gone) {
            return ""; // a thread that ended while we looked
        }
    }

    /** Sets a soft limit on every process of the server now running (children made later inherit the parent's). */
    void limit(String resource, String softLimit) throws IOException, InterruptedException {
        for (long pid : pids()) {
            limit(pid, resource, softLimit);
        }
    }

    /** Sets a soft limit on process {@code pid}; where that is not allowed here, the test is skipped and says why. */
    static void limit(long pid, String resource, String softLimit) throws IOException, InterruptedException {
        try {
            prlimit("--pid", String.valueOf(pid), "--" + resource + "=" + softLimit + ":");
        } catch (IOException refused) {
            org.junit.jupiter.api.Assumptions.abort("cannot limit the server's " + resource + " here, so the scenario"
                    + " cannot be made: " + refused.getMessage().strip());
        }
    }

    /** The soft limit back to the hard one, as it was. */
    void unlimit(String resource) throws IOException, InterruptedException {
        for (long pid : pids()) {
            String hard = prlimit("--pid", String.valueOf(pid), "--" + resource, "--output=HARD", "--noheadings", "--raw").strip();
            prlimit("--pid", String.valueOf(pid), "--" + resource + "=" + hard + ":");
        }
    }

    static boolean prlimitWorks() {
        try {
            prlimit("--pid", String.valueOf(ProcessHandle.current().pid()), "--nofile", "--noheadings", "--raw");
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String prlimit(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("prlimit"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("prlimit " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    /** The address space the process has reserved now, in bytes (VmSize). */
    static long addressSpace(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmSize:")) {
                return Long.parseLong(line.substring(7).trim().split(" +")[0]) * 1024;
            }
        }
        throw new IOException("no VmSize for process " + pid);
    }

    /** Lines of the server's error output so far (its children's included) that contain {@code text}. */
    long errorLinesContaining(String text) throws IOException {
        try (Stream<String> lines = Files.lines(errors, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }

    String errorOutput() throws IOException {
        return Files.readString(errors, StandardCharsets.UTF_8);
    }

    /** The last {@code n} lines of the server's error output, or why they cannot be read. */
    String errorOutputTail(int n) {
        try {
            List<String> lines = Files.readAllLines(errors, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.close();
        try {
            Files.deleteIfExists(errors);
        } catch (IOException ignored) {
            // a temporary file; the OS cleans /tmp
        }
    }
}
