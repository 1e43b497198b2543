package loadlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import loadlab.server.EchoServer;
import loadlab.server.JavaProcess;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServeCommandTest {

    private record Run(int exitCode, String out, String err) { }

    @Test
    void helpListsEveryModelAndOption() {
        Run run = run("serve", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains(Models.names());
        assertThat(run.out()).contains("--model", "--host", "--port", "--work", "--threads", "--queue",
                "--workers", "--idle-timeout", "--head-timeout", "--min-body-rate", "--max-children", "--request-memory");
        assertThat(run.out()).doesNotContain("--until-stdin-closes"); // for parent processes only
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUsages")
    void aBadCommandLineGetsAUsageMessageAndExitCode2(String why, List<String> args, String message) {
        Run run = run(args.toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(message);
        assertThat(run.out()).isEmpty();
    }

    static Stream<Arguments> badUsages() {
        return Stream.of(
                Arguments.of("no model", List.of("serve"), "Missing required option: '--model=NAME'"),
                Arguments.of("unknown option", List.of("serve", "--model", "event-loop", "--fast"), "Unknown option: '--fast'"),
                Arguments.of("unknown model", List.of("serve", "--model", "apache"),
                        "unknown model 'apache'; the models are: single-threaded, "),
                Arguments.of("bad work", List.of("serve", "--model", "event-loop", "--work", "sleep:5"), "not a work spec: 'sleep:5'"),
                Arguments.of("port not a number", List.of("serve", "--model", "event-loop", "--port", "http"), "'http' is not an int"),
                Arguments.of("port out of range", List.of("serve", "--model", "event-loop", "--port", "70000"), "port must be 0..65535"),
                Arguments.of("no threads", List.of("serve", "--model", "thread-pool", "--threads", "0"), "threads must be at least 1"),
                Arguments.of("bad idle timeout", List.of("serve", "--model", "event-loop", "--idle-timeout", "soon"), "not a duration: 'soon'"),
                Arguments.of("no head time", List.of("serve", "--model", "event-loop", "--head-timeout", "0s"), "headTimeout must be positive"),
                Arguments.of("no body rate", List.of("serve", "--model", "event-loop", "--min-body-rate", "0"), "minBodyRate must be at least 1"),
                Arguments.of("no children", List.of("serve", "--model", "process-per-connection", "--max-children", "0"),
                        "maxChildren must be at least 1"),
                Arguments.of("bad memory", List.of("serve", "--model", "event-loop", "--request-memory", "lots"), "not a size: 'lots'"));
    }

    @Test
    void warnsThatAServerOnAnAddressOthersCanReachWorksForAnyone() throws IOException {
        assertThat(ServeCommand.reachabilityWarning(InetAddress.getByName("127.0.0.1"), "127.0.0.1", "event-loop")).isEmpty();
        assertThat(ServeCommand.reachabilityWarning(InetAddress.getByName("::1"), "::1", "event-loop")).isEmpty();
        assertThat(ServeCommand.reachabilityWarning(InetAddress.getByName("0.0.0.0"), "0.0.0.0", "event-loop"))
                .hasValueSatisfying(w -> assertThat(w).startsWith("WARNING: serving on 0.0.0.0").contains("anyone who can reach it"));
        assertThat(ServeCommand.reachabilityWarning(InetAddress.getByName("0.0.0.0"), "0.0.0.0", "process-per-connection"))
                .hasValueSatisfying(w -> assertThat(w).contains("a new JVM for every connection"));
    }

    @Test
    void usageErrorsPrintTheUsageToo() {
        assertThat(run("serve", "--model", "apache").err()).contains("Usage: loadlab serve");
    }

    @Test
    void aPortInUseGetsAClearErrorAndExitCode2() throws IOException {
        try (EchoServer taken = Models.start("event-loop", ServerConfig.defaults())) {
            Run run = run("serve", "--model", "event-loop", "--port", String.valueOf(taken.port()));
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("cannot serve on 127.0.0.1:" + taken.port(), "Address already in use");
        }
    }

    // The real thing, in a JVM of its own: it prints its URL, serves, and on SIGTERM (what Ctrl-C's
    // SIGINT also triggers: the JVM's shutdown hooks) closes the server and exits.
    @Test
    void servesUntilTerminatedThenShutsDownCleanly() throws Exception {
        Process serve = JavaProcess.longLived(Main.class.getName(), List.of(),
                        List.of("serve", "--model", "thread-pool", "--threads", "4", "--work", "sleep:1ms"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            String first = JavaProcess.firstLine(serve, out, java.time.Duration.ofSeconds(30));
            assertThat(first).startsWith("loadlab serving thread-pool (work sleep:1ms) at http://127.0.0.1:");
            URI uri = URI.create(first.substring(first.indexOf("http://")));
            String request = "GET /cli HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
            try (var socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                var response = loadlab.http.ResponseParser.read(new java.io.BufferedInputStream(socket.getInputStream()));
                assertThat(response.body()).asString(StandardCharsets.US_ASCII).isEqualTo(request);
            }

            serve.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
            assertThat(serve.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s").isTrue();
            assertThat(out.readLine()).isEqualTo("loadlab: stopped serving thread-pool");
            assertThat(serve.exitValue()).as("128 + SIGTERM").isEqualTo(143);
            try (var probe = new java.net.ServerSocket()) {
                probe.bind(new java.net.InetSocketAddress("127.0.0.1", uri.getPort())); // the port is free again
            }
        } finally {
            serve.destroyForcibly();
        }
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
