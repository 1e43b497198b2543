package loadlab.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import loadlab.http.HttpLimits;

/**
 * Multi-process done right: N worker JVMs, started once, each with its own listening socket bound
 * to the same port with {@code SO_REUSEPORT}. No process to create per connection and no lock
 * around accept. Each worker serves one connection at a time, as Apache's prefork workers do: N
 * processes give a concurrency of N.
 *
 * <p>What SO_REUSEPORT balances, and what it does not: Linux gives each listening socket its own
 * accept queue and puts each new connection in one of them by a hash of its addresses and ports. The
 * choice is blind: it does not know that a worker is busy. A worker held by one keep-alive client
 * still gets its share of new connections, and they wait in its queue while another worker sits
 * idle (with 2 workers, about half of them). Connections are spread evenly on average, not work;
 * nginx's accept mutex, or one shared accept queue, is what balances by who is free.
 * {@code PreforkHashingTest} shows it.
 *
 * <p>The first worker binds the port asked for (0 picks a free one) and reports it; the others,
 * started together, bind that port. A worker exits when its stdin closes, so it never outlives this
 * server.
 */
public final class PreforkServer implements EchoServer {

    private final List<Process> workers = new ArrayList<>();
    private final InetSocketAddress address;

    private PreforkServer(ServerConfig config) throws IOException {
        try {
            int port = listening(startWorker(config, config.port()));
            List<Process> others = new ArrayList<>();
            for (int i = 1; i < config.workers(); i++) {
                others.add(startWorker(config, port));
            }
            for (Process worker : others) {
                listening(worker);
            }
            address = new InetSocketAddress(config.host(), port);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    public static PreforkServer start(ServerConfig config) throws IOException {
        return new PreforkServer(config);
    }

    private Process startWorker(ServerConfig config, int port) throws IOException {
        List<String> jvmOptions = new ArrayList<>(List.of("-Xmx128m"));
        jvmOptions.addAll(Work.calibrationOptions(config.work()));
        List<String> args = new ArrayList<>(List.of(config.host(), String.valueOf(port), config.work().toString()));
        args.addAll(config.limits().toArgs());
        Process worker = JavaProcess.longLived(Worker.class.getName(), jvmOptions, args)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        workers.add(worker);
        return worker;
    }

    /** Waits for a worker's "listening PORT", which it prints once its socket is bound; then drains its output. */
    private static int listening(Process worker) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.US_ASCII));
        String line = JavaProcess.lineStartingWith(worker, out, "listening ", ServerProcess.STARTUP_LIMIT);
        if (line == null) {
            throw new IOException("prefork worker failed to start (it exited; its error output is above)");
        }
        JavaProcess.drain(worker, out); // a JVM told to log to stdout must never block on a full pipe
        return Integer.parseInt(line.substring("listening ".length()).strip());
    }

    @Override
    public String model() {
        return "prefork";
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        for (Process worker : workers) {
            try {
                worker.getOutputStream().close(); // the worker's signal to exit
            } catch (IOException ignored) {
                // it has exited already
            }
        }
        for (Process worker : workers) {
            JavaProcess.stop(worker);
        }
    }

    /** One worker process: a single-threaded server on a shared port. */
    public static final class Worker {
        public static void main(String[] args) throws Exception {
            HttpLimits limits = HttpLimits.fromArgs(args, 3);
            ServerConfig config = ServerConfig.defaults().withHost(args[0]).withPort(Integer.parseInt(args[1]))
                    .withWork(Work.parse(args[2])).withLimits(limits).withReusePort(true);
            try (EchoServer server = SingleThreadedServer.start(config)) {
                System.out.println("listening " + server.port());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the parent to close our stdin (or die)
                }
            }
        }
    }
}
