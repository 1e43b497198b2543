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

    /** A model; {@code exercise} is its workbook exercise's number, or 0 for the lab's own models. */
    public record Model(String name, String strategy, Factory factory, int exercise) {
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
    private static final List<String> EXERCISES = new ArrayList<>();
    private static final Map<String, String> EXTERNAL = new ConcurrentSkipListMap<>();

    static {
        register("single-threaded", "accept, serve, close, one connection at a time", SingleThreadedServer::start);
        register("thread-per-connection", "a new platform thread per accepted connection", ThreadPerConnectionServer::start);
        register("process-per-connection", "a new JVM per connection, bytes relayed over its stdin/stdout; 503 beyond the most children", ProcessPerConnectionServer::start);
        register("thread-pool", "a fixed pool of threads and a bounded queue; 503 when full", ThreadPoolServer::start);
        register("virtual-threads", "a virtual thread per connection", VirtualThreadServer::start);
        register("event-loop", "one thread, one NIO selector, non-blocking sockets; the work on the loop", EventLoopServer::start);
        register("event-loop-offload", "one NIO event loop for the sockets, a pool of workers for the work", EventLoopOffloadServer::start);
        register("prefork", "N worker JVMs made once, sharing the port with SO_REUSEPORT", PreforkServer::start);
        register("naive", "the seed's handler: one 1,024-byte read, bare LF, no Content-Length, close", NaiveServer::start);
        // The workbook's server exercises: the solutions or the students' code, whichever profile built.
        registerExercise(1, "lingering-close", "exercise 1: read it all, answer, shut down output, drain, close",
                loadlab.exercises.LingeringCloseServer::start);
        registerExercise(2, "bounded-queue", "exercise 2: fixed threads, a bounded queue, 503 when full",
                loadlab.exercises.BoundedQueueServer::start);
        registerExercise(3, "multi-reactor", "exercise 3: one acceptor, one NIO event loop per core",
                loadlab.exercises.MultiReactorServer::start);
        registerExercise(6, "head-deadline", "exercise 6: a fixed pool; 408 for a head past its deadline or a body below its rate",
                loadlab.exercises.HeadDeadlineServer::start);
    }

    private Models() { }

    /** Adds a model, for example an exercise's. Names are unique. */
    public static synchronized void register(String name, String strategy, Factory factory) {
        add(new Model(name, strategy, factory, 0));
        ORDER.add(name);
    }

    private static synchronized void registerExercise(int exercise, String name, String strategy, Factory factory) {
        add(new Model(name, strategy, factory, exercise));
        EXERCISES.add(name);
    }

    private static void add(Model model) {
        if (MODELS.putIfAbsent(model.name(), model) != null) {
            throw new IllegalArgumentException("a model named '" + model.name() + "' is already registered");
        }
    }

    /**
     * The workbook's server exercises, by name. They work once a student has done them (or in the
     * solutions build); {@link loadlab.workbook.ExerciseStatus} tells which.
     */
    public static synchronized List<Model> exercises() {
        return EXERCISES.stream().map(MODELS::get).toList();
    }

    /** The lab's own models, in the order of the design's table (not the exercises). */
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
        if (model == null && name.equals(Nginx.MODEL)) {
            model = nginx(); // the reference, registered when first named: it writes a config
        }
        if (model == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; the models are: "
                    + all().stream().map(Model::name).collect(Collectors.joining(", "))
                    + "; the exercises: " + String.join(", ", EXERCISES));
        }
        return model;
    }

    /**
     * A model that is any command serving HTTP on the port it is given: {@code {port}} in the command
     * says where ({@link ExternalServer}). It takes part in experiments and {@code compare} like any
     * model, started fresh for each trial; the ServerConfig's work, threads and limits don't reach it.
     * Registering the same name with the same command again is harmless; with another, an error.
     */
    public static synchronized Model external(String name, String command) {
        if (!command.contains(ExternalServer.PORT)) {
            throw new IllegalArgumentException("the command for external model '" + name + "' must say where the port"
                    + " goes, with " + ExternalServer.PORT + ": " + command);
        }
        if (command.equals(EXTERNAL.get(name))) {
            return MODELS.get(name);
        }
        if (MODELS.containsKey(name)) {
            throw new IllegalArgumentException("a model named '" + name + "' is already registered");
        }
        Model model = new Model(name, "external: " + command,
                config -> ExternalServer.start(name, command, ExternalServer.DEFAULT_START_TIMEOUT), 0);
        add(model);
        EXTERNAL.put(name, command);
        return model;
    }

    private static Model nginx() {
        try {
            return Nginx.register();
        } catch (IOException e) {
            throw new IllegalArgumentException("could not write nginx's config: " + e.getMessage(), e);
        }
    }

    public static boolean isExternal(String name) {
        return EXTERNAL.containsKey(name);
    }

    /** An external model's command, with {@code {port}} in it. */
    public static String externalCommand(String name) {
        String command = EXTERNAL.get(name);
        if (command == null) {
            throw new IllegalArgumentException("'" + name + "' is not an external model");
        }
        return command;
    }

    public static EchoServer start(String name, ServerConfig config) throws IOException {
        return byName(name).start(config);
    }
}
