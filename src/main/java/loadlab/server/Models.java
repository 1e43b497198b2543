package loadlab.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;

/**
 * The server models by name: the same names in tests, on the command line and in reports.
 */
public final class Models {

    /** Starts a model; the server is listening when this returns. */
    @FunctionalInterface
    public interface Factory {
        EchoServer start(ServerConfig config) throws IOException;
    }

    public record Model(String name, String strategy, Factory factory) {
        public EchoServer start(ServerConfig config) throws IOException {
            return factory.start(config);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final Map<String, Model> MODELS = new ConcurrentSkipListMap<>();
    private static final List<String> ORDER = new ArrayList<>();

    static {
        register("single-threaded", "accept, serve, close, one connection at a time", SingleThreadedServer::start);
        register("thread-per-connection", "a new platform thread per accepted connection", ThreadPerConnectionServer::start);
        register("process-per-connection", "a new JVM per connection, bytes relayed over its stdin/stdout", ProcessPerConnectionServer::start);
        register("thread-pool", "a fixed pool of threads and a bounded queue; 503 when full", ThreadPoolServer::start);
        register("virtual-threads", "a virtual thread per connection", VirtualThreadServer::start);
        register("event-loop", "one thread, one NIO selector, non-blocking sockets", EventLoopServer::start);
        register("event-loop-offload", "one NIO event loop for the sockets, a pool of workers for the work", EventLoopWithWorkersServer::start);
        register("prefork", "N worker JVMs made once, sharing the port with SO_REUSEPORT", PreforkServer::start);
        register("naive", "the seed's handler: one 1,024-byte read, bare LF, no Content-Length, close", NaiveServer::start);
    }

    private Models() { }

    /** Adds a model, for example an exercise's. Names are unique. */
    public static synchronized void register(String name, String strategy, Factory factory) {
        if (MODELS.putIfAbsent(name, new Model(name, strategy, factory)) != null) {
            throw new IllegalArgumentException("a model named '" + name + "' is already registered");
        }
        ORDER.add(name);
    }

    /** All models, in the order of the design's table. */
    public static synchronized List<Model> all() {
        return ORDER.stream().map(MODELS::get).toList();
    }

    public static List<String> names() {
        return all().stream().map(Model::name).toList();
    }

    /** The models that speak correct HTTP: every model but the seed's replica. */
    public static List<String> correctNames() {
        return names().stream().filter(n -> !n.equals("naive")).toList();
    }

    public static Model byName(String name) {
        Model model = MODELS.get(name);
        if (model == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; the models are: "
                    + all().stream().map(Model::name).collect(Collectors.joining(", ")));
        }
        return model;
    }

    public static EchoServer start(String name, ServerConfig config) throws IOException {
        return byName(name).start(config);
    }
}
