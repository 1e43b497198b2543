package loadlab.locust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import loadlab.load.ConnectionMode;
import loadlab.load.ThinkTime;
import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * loadlab's workers under a real locust master: Debian's python3-locust (2.12.1), headless on
 * loopback, expecting two workers, 20 users, 5 s, writing its CSV; the workers load an event-loop
 * model and write their HdrHistogram logs.
 *
 * <p>What must hold: the master counts exactly the requests the workers made, with no failure; the
 * merged logs hold exactly the workers' responses; a worker whose master dies stops by itself,
 * with exit code 1 and the reason. Skipped where locust is not installed.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LocustMasterTest {

    private static final Duration MASTER_TIMEOUT = Duration.ofSeconds(2);
    private static final int USERS = 20;
    private static final Pattern AGGREGATED = Pattern.compile("^\\s+Aggregated\\s+(\\d+)\\s+(\\d+)\\(", Pattern.MULTILINE);

    @TempDir
    Path dir;

    /** Each test, not the class, is skipped: surefire then shows the reason beside each, not "0 tests". */
    @BeforeEach
    void locustIsInstalled() {
        Assumptions.assumeTrue(locust() != null, "locust is not installed: apt-get install python3-locust");
    }

    /**
     * The master adds up the workers' stats messages. At its quit it waits half a second for the last
     * ones: a worker sends its stats at once, then stops its users and sends the requests they still
     * had out. Its final summary can lack only those, at most one per user, and in practice lacks
     * none. Its CSV is rewritten once a second, and its last write may come before the stats sent at
     * the quit arrived: then it lacks those, which the workers count, and never more.
     */
    @Test
    void theMasterCountsEveryRequestOfBothWorkersAndTheLogsMergeExactly() throws Exception {
        EchoServer server = Models.start("event-loop", ServerConfig.defaults());
        int port = freePort();
        Process master = null;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Worker> workers = new ArrayList<>();
        try {
            master = master(port, server, "--expect-workers", "2", "-u", String.valueOf(USERS), "-r", String.valueOf(USERS), "-t", "5s",
                    "--csv", dir.resolve("run").toString());
            List<Future<Integer>> codes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Worker w = worker(port, new StringWriter());
                workers.add(w);
                codes.add(threads.submit(w::run));
            }

            assertThat(master.waitFor(60, TimeUnit.SECONDS)).as("the master ends after its 5 s").isTrue();
            for (Future<Integer> code : codes) {
                assertThat(code.get(30, TimeUnit.SECONDS)).as("a worker told to quit exits 0").isZero();
            }

            long sum = workers.stream().mapToLong(w -> w.total().requests()).sum();
            long atQuit = workers.stream().mapToLong(Worker::reportedSinceStop).sum();
            String masterOutput = Files.readString(dir.resolve("master.log"));
            Matcher summary = AGGREGATED.matcher(masterOutput);
            long printed = -1;
            while (summary.find()) {
                printed = Long.parseLong(summary.group(1)); // the last one: the final summary
            }
            long[] csv = aggregatedRow(dir.resolve("run_stats.csv"));
            System.out.printf("workers %s = %d requests (%d reported at the quit); master: final summary %d, CSV %d%n",
                    workers.stream().map(w -> String.valueOf(w.total().requests())).toList(), sum, atQuit, printed, csv[0]);
            assertThat(sum).as("requests made").isGreaterThan(1000);
            assertThat(workers).allSatisfy(w -> assertThat(w.total().failures()).isZero());
            assertThat(printed).as("the master's final summary: every request of both workers, but at most one in flight"
                    + " per user at the quit\n" + masterOutput).isBetween(sum - USERS, sum);
            assertThat(csv[1]).as("failures in the master's CSV").isZero();
            assertThat(csv[0]).as("the master's CSV: all the requests, or all but those reported at the quit (%d)", atQuit)
                    .isBetween(sum - atQuit, sum);

            MergedLogs merged = MergedLogs.read(List.of(dir.resolve("logs")));
            long successes = workers.stream().mapToLong(w -> w.total().successes()).sum();
            assertThat(merged.result().latency().getTotalCount()).as("the merged histogram: every response, once").isEqualTo(successes);
            assertThat(merged.counts()).hasSize(2);
        } finally {
            stop(master);
            threads.shutdownNow();
            threads.awaitTermination(30, TimeUnit.SECONDS);
            server.close();
        }
    }

    /** locust 2.12's master sends nothing while a test runs: the worker watches the connection itself. */
    @Test
    void aWorkerWhoseMasterDiesStopsWithExitCode1AndSaysWhy() throws Exception {
        EchoServer server = Models.start("event-loop", ServerConfig.defaults());
        int port = freePort();
        Process master = null;
        ExecutorService thread = Executors.newSingleThreadExecutor();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            master = master(port, server, "--expect-workers", "1", "-u", "2", "-r", "2");
            Worker worker = new Worker(options(port), new PrintWriter(out, true), new PrintWriter(err, true));
            Future<Integer> code = thread.submit(worker::run);
            await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("users against"));

            master.destroyForcibly(); // SIGKILL: no quit message, the connection just closes
            long killed = System.nanoTime();

            assertThat(code.get(20, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat((System.nanoTime() - killed) / 1e9).as("seconds to notice and stop").isLessThan(10);
            assertThat(err.toString()).contains("lost the locust master at tcp://127.0.0.1:" + port)
                    .contains("did not come back within the master timeout (2s, --master-timeout)");
            assertThat(worker.total().requests()).as("it ran before the master died").isPositive();
        } finally {
            stop(master);
            thread.shutdownNow();
            thread.awaitTermination(30, TimeUnit.SECONDS);
            server.close();
        }
    }

    private Worker worker(int port, StringWriter out) {
        return new Worker(options(port), new PrintWriter(out, true), new PrintWriter(out, true));
    }

    private Worker.Options options(int port) {
        return new Worker.Options("127.0.0.1", port, null, ThinkTime.none(), ConnectionMode.KEEP_ALIVE, null, 1000, false,
                dir.resolve("logs"), MASTER_TIMEOUT, 1);
    }

    private Process master(int port, EchoServer server, String... more) throws IOException {
        Path locustfile = Files.writeString(dir.resolve("locustfile.py"), """
                from locust import User, task, constant

                class LoadlabUser(User):
                    # The master only needs the class's name; loadlab's workers make the requests.
                    wait_time = constant(1)

                    @task
                    def request(self):
                        pass
                """);
        List<String> command = new ArrayList<>(List.of(locust(), "--master", "--headless", "--master-bind-host", "127.0.0.1",
                "--master-bind-port", String.valueOf(port), "-f", locustfile.toString(),
                "--host", "http://127.0.0.1:" + server.port()));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("master.log").toFile()).start();
    }

    private static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The Aggregated row's request and failure counts. */
    private static long[] aggregatedRow(Path csv) throws IOException {
        for (String line : Files.readAllLines(csv)) {
            String[] cells = line.split(",");
            if (cells.length > 3 && cells[1].equals("Aggregated")) {
                return new long[] {Long.parseLong(cells[2]), Long.parseLong(cells[3])};
            }
        }
        throw new AssertionError("no Aggregated row in " + csv + ":\n" + Files.readString(csv));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The locust command on the PATH, or null. */
    static String locust() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, "locust");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
