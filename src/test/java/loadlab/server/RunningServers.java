package loadlab.server;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One running server per model, started on first use and shared by the tests of a class, which close
 * it in {@code @AfterAll}. Starting a prefork server costs a JVM per worker; sharing it keeps the suite
 * fast, and a server that serves every test of a class shows that no test's input broke it.
 */
final class RunningServers implements AutoCloseable {

    private final ServerConfig config;
    private final Map<String, EchoServer> servers = new LinkedHashMap<>();

    RunningServers(ServerConfig config) {
        this.config = config;
    }

    synchronized EchoServer get(String model) throws IOException {
        EchoServer server = servers.get(model);
        if (server == null) {
            server = Models.start(model, config);
            servers.put(model, server);
        }
        return server;
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(EchoServer::close);
        servers.clear();
    }
}
