package loadlab.server;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starts a child JVM running one of our main classes, with the same java binary and classpath as this JVM. */
public final class JavaProcess {

    /**
     * The cores the server JVMs run on, for example {@code -Dloadlab.server.cpus=1}: each is started under
     * {@code taskset -c 1} (util-linux), and its children inherit the mask. Unset, they share every core
     * with the load generator. Run the generator on the others ({@code taskset -c 0 mvn test ...}) to
     * measure with the two on disjoint cores.
     */
    public static final String SERVER_CPUS_PROPERTY = "loadlab.server.cpus";

    private JavaProcess() { }

    /** The java binary of the running JVM: the default {@code java} on the PATH may be too old. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }

    /**
     * For a child that serves for a whole trial (a prefork worker, a {@link ServerProcess}): the JVM's
     * defaults, full JIT included, as for the models that run inside one JVM, so that comparisons are fair.
     */
    public static ProcessBuilder longLived(String mainClass, List<String> jvmOptions, List<String> args) {
        return command(mainClass, List.of(), jvmOptions, args);
    }

    /**
     * For a child that lives for one connection (process-per-connection): C1 only, serial GC, no perf
     * data file. Start-up time is what these cost, and these flags make it as short as a JVM allows.
     */
    public static ProcessBuilder shortLived(String mainClass, List<String> jvmOptions, List<String> args) {
        return command(mainClass, List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:-UsePerfData"), jvmOptions, args);
    }

    private static ProcessBuilder command(String mainClass, List<String> flags, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        String cpus = System.getProperty(SERVER_CPUS_PROPERTY, "").strip();
        if (!cpus.isEmpty()) {
            if (!cpus.matches("[0-9]+([-,][0-9]+)*")) {
                throw new IllegalArgumentException("-D" + SERVER_CPUS_PROPERTY + " takes a list of cores as taskset -c does "
                        + "(1, or 0-1, or 0,2), not '" + cpus + "'");
            }
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.add(javaBinary());
        command.addAll(flags);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    /** The first line a child prints, within a time limit; see {@link #lineStartingWith}. */
    public static String firstLine(Process process, BufferedReader out, Duration limit) throws IOException {
        return lineStartingWith(process, out, "", limit);
    }

    /**
     * The first line a child prints that starts with {@code prefix}, within a time limit; null if it
     * exits first. Other lines before it (a JVM's own output, such as the GC log that
     * {@code JAVA_TOOL_OPTIONS=-Xlog:gc} turns on) are passed to stderr, not taken for the answer. A
     * child that hangs before it has started is killed, and the caller gets an exception instead of
     * a wait without end.
     */
    public static String lineStartingWith(Process process, BufferedReader out, String prefix, Duration limit) throws IOException {
        FutureTask<String> line = new FutureTask<>(() -> {
            for (String next = out.readLine(); next != null; next = out.readLine()) {
                if (next.startsWith(prefix)) {
                    return next;
                }
                System.err.println("[child " + process.pid() + "] " + next);
            }
            return null;
        });
        Thread.ofVirtual().name("first-line-" + process.pid()).start(line);
        try {
            return line.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stop(process);
            throw new IOException("child process " + process.pid() + " printed no '" + prefix + "' line within " + limit + "; stopped it");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for child process " + process.pid());
        }
    }

    /** Reads and drops what a child prints from now on, so that a full pipe never blocks it. */
    public static void drain(Process process, BufferedReader out) {
        Thread.ofVirtual().name("drain-" + process.pid()).start(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // the child has exited
            }
        });
    }

    /** Asks a child to stop (SIGTERM), kills it if it hasn't within 5 s, and waits: no child outlives its server. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
