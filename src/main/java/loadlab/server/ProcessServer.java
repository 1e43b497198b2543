package loadlab.server;

/**
 * A server in a process of its own, as the experiments run every model: the OS can then tell its CPU
 * time, threads, processes and memory apart from the load generator's ({@link #pid()}, the root of
 * its process tree). Our models run as {@link ServerProcess}, any other command as {@link ExternalServer}.
 */
public interface ProcessServer extends EchoServer {

    /** The root of the server's process tree. */
    long pid();

    /**
     * A fresh server of {@code model} in a process of its own: an external model's command, or a JVM
     * running one of ours.
     */
    static ProcessServer start(String model, ServerConfig config) throws java.io.IOException {
        return Models.isExternal(model)
                ? ExternalServer.start(model, Models.externalCommand(model), ExternalServer.DEFAULT_START_TIMEOUT)
                : ServerProcess.start(model, config);
    }
}
