package loadlab.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server this lab did not write: any command that serves HTTP on the port it is given, in any
 * language (a student's {@code python3 server.py {port}}, nginx). It is started fresh, as our models
 * are, with {@code {port}} replaced by a free port; it is ready when that port accepts a connection,
 * within a start timeout that gives a clear error; it is stopped with SIGTERM, then SIGKILL, to it
 * and every process it started. Its resources are read for its whole process tree ({@link #pid()}).
 *
 * <p>The command runs through {@code sh -c}, so quotes, pipes and {@code cd dir &&} work as in a shell;
 * {@code exec} in front of it spares a shell process.
 */
public final class ExternalServer implements ProcessServer {

    public static final String PORT = "{port}";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(10);
    /** After SIGTERM, this long to exit before SIGKILL. */
    static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final String name;
    private final String command;
    private final Process process;
    private final InetSocketAddress address;

    private ExternalServer(String name, String command, Process process, InetSocketAddress address) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.address = address;
    }

    /**
     * Starts {@code command} on a free port of 127.0.0.1 and waits until it accepts a connection.
     *
     * @throws IllegalArgumentException if the command has no {@code {port}}
     * @throws IOException if it exits, or does not accept within {@code startTimeout}; the message
     *                     gives the command, the port and what became of the process
     */
    public static ExternalServer start(String name, String command, Duration startTimeout) throws IOException {
        if (!command.contains(PORT)) {
            throw new IllegalArgumentException("the command for external model '" + name + "' must say where the port goes,"
                    + " with " + PORT + ": " + command);
        }
        int port = freePort();
        String line = command.replace(PORT, String.valueOf(port));
        Process process = new ProcessBuilder(List.of("sh", "-c", line))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD) // a server that prints every request must never block on a pipe
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!accepts(address)) {
            if (!process.isAlive()) {
                throw new IOException("external model '" + name + "' exited with code " + process.exitValue()
                        + " before it accepted a connection on port " + port + " (its error output is above): " + line);
            }
            if (System.nanoTime() > deadline) {
                stop(process);
                throw new IOException("external model '" + name + "' did not accept a connection on port " + port
                        + " within " + startTimeout.toMillis() + " ms; stopped it: " + line);
            }
            sleep(50);
        }
        return new ExternalServer(name, command, process, address);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** SIGTERM to the process and every descendant, then SIGKILL to whatever is left after {@link #STOP_GRACE}. */
    static void stop(Process process) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception stillRunning) {
                p.destroyForcibly(); // and waited for: a SIGKILL is not an exit, and callers count on the tree being gone
                try {
                    p.onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception notYet) {
                    System.err.println("external model: process " + p.pid() + " still running " + KILL_WAIT.toSeconds()
                            + " s after SIGKILL");
                }
            }
        }
    }

    /** How long a SIGKILLed process of the tree is waited for. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for an external model to start", e);
        }
    }

    /** The root of its process tree, for reading its resources from /proc. */
    @Override
    public long pid() {
        return process.pid();
    }

    /** The command as given, with {@code {port}} in it. */
    public String command() {
        return command;
    }

    @Override
    public String model() {
        return name;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        stop(process);
    }
}
