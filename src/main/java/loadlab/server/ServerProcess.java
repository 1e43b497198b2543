package loadlab.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import loadlab.http.HttpLimits;

/**
 * A model running in a JVM of its own, as the experiments run them: the load generator's threads and
 * garbage then don't share a heap or a JIT with the server, and the OS can tell the server's CPU
 * time, threads and memory apart ({@link #pid()}). The child runs {@code loadlab serve} and exits
 * when its stdin closes, so it never outlives this JVM.
 */
public final class ServerProcess implements ProcessServer {

    /** Generous: a JVM starts in well under a second, but a loaded 2-core machine can take many. */
    static final java.time.Duration STARTUP_LIMIT = java.time.Duration.ofSeconds(30);

    private final String model;
    private final Process process;
    private final InetSocketAddress address;

    private ServerProcess(String model, Process process, InetSocketAddress address) {
        this.model = model;
        this.process = process;
        this.address = address;
    }

    /**
     * How the child is started besides its model and config: variables to set in its environment
     * (an empty value removes one), and a file for its error output (null: this JVM's stderr).
     */
    public record Launch(Map<String, String> environment, Path errorLog) {
        public static Launch inherited() {
            return new Launch(Map.of(), null);
        }
    }

    public static ServerProcess start(String model, ServerConfig config) throws IOException {
        return start(model, config, Launch.inherited());
    }

    public static ServerProcess start(String model, ServerConfig config, Launch launch) throws IOException {
        Models.byName(model); // fail here, with the list of models, rather than in the child
        if (Models.isExternal(model)) {
            throw new IllegalArgumentException("'" + model + "' is an external model: start it with ProcessServer.start");
        }
        HttpLimits limits = config.limits();
        List<String> args = new ArrayList<>(List.of("serve", "--model", model, "--host", config.host(),
                "--port", String.valueOf(config.port()), "--work", config.work().toString(),
                "--threads", String.valueOf(config.threads()), "--queue", String.valueOf(config.queue()),
                "--workers", String.valueOf(config.workers()), "--max-children", String.valueOf(config.maxChildren()),
                "--idle-timeout", limits.idleTimeout().toMillis() + "ms", "--head-timeout", limits.headTimeout().toMillis() + "ms",
                "--min-body-rate", String.valueOf(limits.minBodyRate()), "--until-stdin-closes"));
        if (config.requestMemory() > 0) {
            args.addAll(List.of("--request-memory", config.requestMemory() + "B"));
        }
        if (config.sendBuffer() > 0) {
            args.addAll(List.of("--send-buffer", config.sendBuffer() + "B"));
        }
        List<String> jvmOptions = new ArrayList<>(List.of("-Xmx512m", ProcessPerConnectionServer.LAUNCH_MECHANISM));
        jvmOptions.addAll(Work.calibrationOptions(config.work()));
        ProcessBuilder builder = JavaProcess.longLived("loadlab.cli.Main", jvmOptions, args)
                .redirectError(launch.errorLog() == null ? ProcessBuilder.Redirect.INHERIT
                        : ProcessBuilder.Redirect.appendTo(launch.errorLog().toFile()));
        launch.environment().forEach((name, value) -> {
            if (value.isEmpty()) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = JavaProcess.lineStartingWith(process, out, "loadlab serving ", STARTUP_LIMIT); // "... at http://host:port/"
        if (line == null || !line.contains(" at http://")) {
            JavaProcess.stop(process);
            throw new IOException("server process for " + model + " failed to start: "
                    + (line == null ? "it exited with code " + exitCode(process) + " (its error output is above)"
                                    : "it said '" + line + "'"));
        }
        URI uri = URI.create(line.substring(line.lastIndexOf(" at ") + 4).strip());
        JavaProcess.drain(process, out); // never let a full pipe block the child
        return new ServerProcess(model, process, new InetSocketAddress(uri.getHost(), uri.getPort()));
    }

    private static String exitCode(Process process) {
        try {
            return process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "(still running)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** The child's process id, for reading its resources from /proc. */
    @Override
    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close(); // the child's signal to close its server and exit
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                System.err.println("server process " + model + " did not exit within 10 s; killing it");
            }
        } catch (IOException ignored) {
            // the child has exited already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            JavaProcess.stop(process);
        }
    }
}
