package loadlab.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * nginx as a reference: a production event-loop server, run as an external model with an echo that
 * loadlab writes, so that "how far is our best model from a real server?" has a measured answer.
 * One worker process, as our single-loop models have one loop. The echo is an njs handler
 * ({@code echo.js}): nginx's own modules can't echo a request's head, and the echo module answers
 * without a Content-Length.
 *
 * <p>It needs nginx and its JavaScript module: {@code apt-get install nginx libnginx-mod-http-js}.
 */
public final class Nginx {

    public static final String MODEL = "nginx";
    static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_http_js_module.so");

    private Nginx() { }

    /** Why nginx can't be run here, or empty if it can. */
    public static Optional<String> missing() {
        if (binary().isEmpty()) {
            return Optional.of("nginx is not installed: apt-get install nginx libnginx-mod-http-js");
        }
        if (!Files.isReadable(MODULE)) {
            return Optional.of("nginx's JavaScript module is not installed (" + MODULE + "): apt-get install libnginx-mod-http-js");
        }
        return Optional.empty();
    }

    /**
     * Registers nginx as the external model {@value #MODEL}: writes its config and echo into a fresh
     * directory, and gives the command that starts nginx with them on {@code {port}}.
     * {@link Models#byName} calls it when {@value #MODEL} is first named (in {@code compare}, {@code check},
     * {@code serve}); registering it again gives the same model.
     *
     * @throws IllegalArgumentException if nginx can't be run here ({@link #missing()} says why)
     */
    public static synchronized Models.Model register() throws IOException {
        if (Models.isExternal(MODEL)) {
            return Models.byName(MODEL);
        }
        Optional<String> missing = missing();
        if (missing.isPresent()) {
            throw new IllegalArgumentException(missing.get());
        }
        return Models.external(MODEL, command(binary().orElseThrow(), Files.createTempDirectory("loadlab-nginx")));
    }

    /** Writes the config template and the echo into {@code dir}; the command makes a config per port from the template. */
    static String command(Path nginx, Path dir) throws IOException {
        String template = resource("nginx.conf.in").replace("@MODULE@", MODULE.toString());
        Files.writeString(dir.resolve("nginx.conf.in"), template);
        Files.writeString(dir.resolve("echo.js"), resource("echo.js"));
        String d = dir.toAbsolutePath().toString();
        return "sed 's/@PORT@/{port}/g' " + d + "/nginx.conf.in > " + d + "/nginx-{port}.conf"
                + " && exec " + nginx + " -p " + d + "/ -c " + d + "/nginx-{port}.conf -e stderr";
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Nginx.class.getResourceAsStream("/loadlab/nginx/" + name)) {
            if (in == null) {
                throw new IOException("missing resource loadlab/nginx/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** nginx on the PATH, or in /usr/sbin (not on a user's PATH on some systems). */
    private static Optional<Path> binary() {
        String path = System.getenv().getOrDefault("PATH", "") + java.io.File.pathSeparator + "/usr/sbin";
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "nginx");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
