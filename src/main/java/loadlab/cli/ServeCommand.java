package loadlab.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import loadlab.Durations;
import loadlab.http.HttpLimits;
import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import loadlab.server.Work;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve --model NAME}: runs one model until Ctrl-C (or, for a parent process, until stdin closes). */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves HTTP with one concurrency model; every request is echoed back.",
                "Stop it with Ctrl-C. Try it: curl -v --data hello http://127.0.0.1:PORT/",
                "",
                "Models:",
                "  single-threaded         accept, serve, close: one connection at a time",
                "  thread-per-connection   a new platform thread per connection",
                "  process-per-connection  a new JVM per connection (CGI-style), --max-children at once",
                "  thread-pool             --threads threads, --queue waiting; 503 when full",
                "  virtual-threads         a virtual thread per connection",
                "  event-loop              one thread, one NIO selector; the work on the loop",
                "  event-loop-offload      one NIO selector; the work on --threads workers",
                "  prefork                 --workers JVMs sharing the port (SO_REUSEPORT)",
                "  naive                   the seed's faulty handler: bare LF, no length",
                "  nginx                   the reference: nginx, one worker, with the echo loadlab writes",
                "                          (needs nginx and libnginx-mod-http-js; always 127.0.0.1, a free port)",
                "",
                "Every model but naive: 408 after --idle-timeout without a byte in or out, or a head",
                "not complete within --head-timeout, or a body slower than --min-body-rate;",
                "503 beyond --request-memory of request bodies held at once.",
                "",
                "Workbook exercises (see exercises/README.md):",
                "  lingering-close         1: read it all, answer, shut down, drain, close",
                "  bounded-queue           2: --threads workers, --queue places; 503 when full",
                "  multi-reactor           3: one acceptor, --workers event loops",
                ""})
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "the server model (see above)")
    String model;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = ServerConfig.DEFAULT_HOST,
            description = "address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "port to bind; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--work", paramLabel = "WORK", defaultValue = "none",
            description = "per request: none, sleep:5ms or cpu:200us (default: ${DEFAULT-VALUE})")
    String work;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_THREADS,
            description = "thread-pool: threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--queue", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_QUEUE,
            description = "thread-pool: connections that may wait (default: ${DEFAULT-VALUE})")
    int queue;

    @Option(names = "--workers", paramLabel = "N", description = "prefork: worker JVMs (default: the core count)")
    Integer workers;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "close a connection with no byte in or out this long (default: ${DEFAULT-VALUE})")
    String idleTimeout;

    @Option(names = "--head-timeout", paramLabel = "DURATION", defaultValue = "20s",
            description = "408 for a request line and headers not complete this long after their first byte (default: ${DEFAULT-VALUE})")
    String headTimeout;

    @Option(names = "--min-body-rate", paramLabel = "BYTES", defaultValue = "" + HttpLimits.DEFAULT_MIN_BODY_RATE,
            description = "408 for a body slower than this many bytes a second, after one idle timeout (default: ${DEFAULT-VALUE})")
    int minBodyRate;

    @Option(names = "--max-children", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_MAX_CHILDREN,
            description = "process-per-connection: live child JVMs; 503 beyond (default: ${DEFAULT-VALUE})")
    int maxChildren;

    @Option(names = "--request-memory", paramLabel = "SIZE",
            description = "request bodies all connections may hold at once, e.g. 64MiB; 503 beyond (default: a quarter of the heap)")
    String requestMemory;

    @Option(names = "--send-buffer", paramLabel = "SIZE",
            description = "each connection's send buffer (SO_SNDBUF), e.g. 64KiB (default: the kernel's, which grows to megabytes)")
    String sendBuffer;

    @Option(names = "--until-stdin-closes", hidden = true,
            description = "exit when stdin closes: for a server run as a child of another JVM")
    boolean untilStdinCloses;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServerConfig config;
        try {
            Models.byName(model);
            HttpLimits limits = HttpLimits.defaults().withIdleTimeout(Durations.parse(idleTimeout))
                    .withHeadTimeout(Durations.parse(headTimeout)).withMinBodyRate(minBodyRate);
            config = ServerConfig.defaults().withHost(host).withPort(port).withWork(Work.parse(work))
                    .withThreads(threads).withQueue(queue).withMaxChildren(maxChildren).withLimits(limits);
            if (requestMemory != null) {
                config = config.withRequestMemory(LoadCommand.parseSize(requestMemory));
            }
            if (workers != null) {
                config = config.withWorkers(workers);
            }
            if (sendBuffer != null) {
                config = config.withSendBuffer(LoadCommand.parseSize(sendBuffer));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        EchoServer server;
        try {
            server = Models.start(model, config);
        } catch (IOException e) { // the port is taken, or the host is not an address of this machine
            spec.commandLine().getErr().println("error: cannot serve on " + host + ":" + port + ": " + e.getMessage()
                    + " (try another --port, or 0 for any free one)");
            return 2;
        }
        warnIfReachable(server);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            System.out.println("loadlab: stopped serving " + model);
            System.out.flush();
            stopped.countDown();
        }, "serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("loadlab serving " + model + " (work " + config.work() + ") at " + server.uri());
        System.out.flush();
        if (untilStdinCloses) {
            while (System.in.read() >= 0) {
                // the parent closes our stdin, or dies, to stop us
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            server.close();
            return 0;
        }
        stopped.await(); // Ctrl-C (SIGINT) or SIGTERM runs the hook, which closes the server
        return 0;
    }

    // Anyone who can reach the port can make this server work: a JVM per connection for process-per-connection.
    private void warnIfReachable(EchoServer server) {
        reachabilityWarning(server.address().getAddress(), server.address().getHostString(), model)
                .ifPresent(spec.commandLine().getErr()::println);
    }

    /** The warning for a server bound to an address other machines may reach; none for loopback. */
    static Optional<String> reachabilityWarning(InetAddress bound, String shown, String model) {
        if (bound.isLoopbackAddress()) {
            return Optional.empty();
        }
        return Optional.of("WARNING: serving on " + shown + ", not a loopback address: anyone who can reach it can make"
                + " this server work" + (model.equals("process-per-connection") ? ", a new JVM for every connection they open" : "")
                + ". loadlab's servers are for experiments; bind 127.0.0.1 unless you mean it.");
    }
}
