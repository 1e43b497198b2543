package loadlab.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import loadlab.Durations;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadGenerator;
import loadlab.load.LoadSpec;
import loadlab.load.OpenLoop;
import loadlab.load.ThinkTime;
import loadlab.locust.Worker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code locust-worker --master HOST[:5557]}: loadlab's generator as one of a locust master's workers. */
@Command(name = "locust-worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Joins a locust 2.x master as a worker, with loadlab's generator.",
                "",
                "It runs the users the master gives it, against the master's --host (or",
                "its own --host), with loadlab's strict echo checks; it sends locust's",
                "heartbeats and stats, and stops and quits when the master says so. With",
                "--log-dir it writes its latencies as an HdrHistogram log, and",
                "`loadlab merge DIR...` adds the logs of all workers into one exact result.",
                "",
                "Exit code: 0 the master said quit; 1 the master did not answer, was lost,",
                "or is too old; 2 bad usage (a target that is not loopback, without",
                "--allow-remote).",
                ""})
public final class LocustWorkerCommand implements Callable<Integer> {

    static final int DEFAULT_MASTER_PORT = 5557;

    @Option(names = "--master", required = true, paramLabel = "HOST[:PORT]", description = "the locust master (port default: 5557)")
    String master;

    @Option(names = "--host", paramLabel = "URL", description = "load this server instead of the master's --host")
    String host;

    @Option(names = "--think", paramLabel = "T", description = "think time per user: none, 5s, 5s..15s (uniform), exp:10s (default: none)")
    String think;

    @Option(names = "--close-each", description = "a new connection per request (Connection: close)")
    boolean closeEach;

    @Option(names = "--rate", paramLabel = "R", description = "an open loop at R requests a second (this worker's share),"
            + " as 500/s, instead of the master's users each waiting for its response")
    String rate;

    @Option(names = "--max-in-flight", paramLabel = "N", description = "open loop: cap on requests outstanding (default: ${DEFAULT-VALUE})",
            defaultValue = "" + OpenLoop.DEFAULT_MAX_IN_FLIGHT)
    int maxInFlight;

    @Option(names = "--log-dir", paramLabel = "DIR", description = "write the latencies as an HdrHistogram log, DIR/NODE_ID.hlog")
    Path logDir;

    @Option(names = "--master-timeout", paramLabel = "D", defaultValue = "10s", description = "give up when the master has not"
            + " answered, or its connection has stayed closed, this long (default: ${DEFAULT-VALUE})")
    String masterTimeout;

    @Option(names = "--loops", paramLabel = "N", description = "loop threads of the generator (default: one per core)")
    Integer loops;

    @Option(names = "--allow-remote", description = "allow a target that is not a loopback address (prints a warning)")
    boolean allowRemote;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Override
    public Integer call() throws Exception {
        Worker.Options options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), e.getMessage());
        }
        PrintWriter out = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        Worker worker = new Worker(options, out, err);
        Thread onCtrlC = new Thread(() -> {
            try {
                worker.quit(Duration.ofSeconds(5)); // tell the master, close the log
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "loadlab-locust-worker-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            return worker.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException ignored) {
                // the JVM is shutting down: the hook is running, and ends once run() has returned
            }
        }
    }

    private Worker.Options options() {
        String masterHost = master.strip();
        int port = DEFAULT_MASTER_PORT;
        int colon = masterHost.lastIndexOf(':');
        if (colon > 0 && !masterHost.endsWith("]")) {
            try {
                port = Integer.parseInt(masterHost.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--master wants HOST or HOST:PORT, got '" + master + "'");
            }
            masterHost = masterHost.substring(0, colon);
        }
        if (masterHost.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("--master wants HOST or HOST:PORT with a port from 1 to 65535, got '" + master + "'");
        }
        if (host != null) {
            URI target;
            try {
                target = new URI(host);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--host: not a URL: " + host + " (" + e.getMessage() + ")");
            }
            LoadGenerator.resolve(LoadSpec.to(target).allowRemote(allowRemote).build()); // refuse a remote target now, not at the spawn
        }
        Double ratePerSec = null;
        if (rate != null) {
            if (think != null) {
                throw new IllegalArgumentException("--rate (open loop) does not go with --think (closed loop)");
            }
            ratePerSec = LoadCommand.parseRate(rate);
            if (!(ratePerSec > 0)) {
                throw new IllegalArgumentException("--rate must be positive, was " + rate);
            }
        }
        Duration timeout = Durations.parse(masterTimeout);
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("--master-timeout must be positive, was " + masterTimeout);
        }
        if (loops != null && loops < 1) {
            throw new IllegalArgumentException("--loops must be at least 1, was " + loops);
        }
        return new Worker.Options(masterHost, port, host, think == null ? ThinkTime.none() : ThinkTime.parse(think),
                closeEach ? ConnectionMode.NEW_CONNECTION_PER_REQUEST : ConnectionMode.KEEP_ALIVE, ratePerSec, maxInFlight,
                allowRemote, logDir, timeout, loops == null ? 0 : loops);
    }
}
