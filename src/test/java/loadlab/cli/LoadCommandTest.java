package loadlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import loadlab.server.Work;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code loadlab load} through {@link Main#run}: exit 0 with a summary and files, 1 when a
 * threshold is broken, 2 on bad usage (before any load is sent). Runs of 1 s against a server whose
 * requests sleep 20 ms; about 10 s in all.
 */
class LoadCommandTest {

    private static EchoServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = Models.start("virtual-threads", ServerConfig.defaults().withWork(Work.sleep(Duration.ofMillis(20))));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    record Run(int code, String out, String err) { }

    private static Run load(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = Main.run(Stream.concat(Stream.of("load"), Stream.of(args)).toArray(String[]::new));
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void aClosedLoopRunPrintsLiveLinesASummaryAndWritesItsFiles(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Path csv = dir.resolve("r.csv");
        Run run = load(server.uri().toString(), "--users", "4", "--think", "10ms..30ms", "--duration", "2s",
                "--warmup", "1s", "--json", json.toString(), "--csv", csv.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("warm-up", "users     4", "Aggregated", "99.9%", "Generator: CPU");
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.get("requests").asLong()).isPositive();
        assertThat(doc.get("failures").asLong()).isZero();
        assertThat(doc.get("latency").get("percentilesMs").get("p50").asDouble()).isBetween(20.0, 40.0);
        assertThat(doc.get("series")).hasSize(2);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("second,requests");
    }

    @Test
    void anOpenLoopRunPrintsCorrectedAndUncorrectedPercentiles() {
        Run run = load(server.uri().toString(), "--rate", "50/s", "--poisson", "--duration", "1s", "--warmup", "0s");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("rate    50.0/s", "corrected: from the intended send", "uncorrected", "max schedule lag");
    }

    @Test
    void aBrokenLatencyThresholdExitsWithOne() {
        Run run = load(server.uri().toString(), "--users", "2", "--duration", "1s", "--warmup", "0s", "--p99", "5ms");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("THRESHOLD BROKEN: p99");
    }

    @Test
    void aBrokenFailureRatioExitsWithOne() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // nothing listens there once it is closed
        }
        Run run = load("http://127.0.0.1:" + port + "/", "--users", "1", "--think", "100ms", "--duration", "1s",
                "--warmup", "0s", "--fail-ratio", "0.01");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("CONNECT_REFUSED", "THRESHOLD BROKEN: failure ratio");
    }

    static List<List<String>> badUsage() {
        String url = "http://127.0.0.1:9/";
        return List.of(
                List.of(url, "--users", "2", "--rate", "10/s"),
                List.of(url, "--poisson"),
                List.of(url, "--duration", "banana"),
                List.of(url, "--think", "5s..1s"),
                List.of(url, "--rate", "fast"),
                List.of(url, "--body", "12 parsecs"),
                List.of(url, "--users", "0"),
                List.of("ftp://127.0.0.1/"),
                List.of("http://192.0.2.1:8080/", "--duration", "1s"),
                List.of(url, "--unknown-option"),
                List.of(url, "--hold-every", "5s"),
                List.of(url, "--hold", "-1"),
                List.of(url, "--slow-send", "fast"),
                List.of(url, "--slow-read", "0B/s"),
                List.of(url, "--slow-users", "2"),
                List.of(url, "--rate", "10/s", "--slow-send", "10B/s"),
                List.of(url, "--users", "1", "--hold", "100000000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUsage")
    void badUsageExitsWithTwoAndSaysWhy(List<String> args) {
        long start = System.nanoTime();
        Run run = load(args.toArray(String[]::new));

        assertThat(run.code()).as(run.out()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: ");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused before any load").isLessThan(Duration.ofSeconds(2));
    }
}
