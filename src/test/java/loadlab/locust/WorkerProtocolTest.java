package loadlab.locust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import loadlab.load.ConnectionMode;
import loadlab.load.ThinkTime;
import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's side of locust's protocol against a {@link FakeMaster}, so that it is checked where
 * locust is not installed: the order of the messages, their fields, and the worker's exit code for
 * each way a test ends. The stats messages must add up to exactly the requests the worker made.
 */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class WorkerProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private EchoServer server;
    private FakeMaster master;
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        server = Models.start("event-loop", ServerConfig.defaults());
        master = new FakeMaster();
    }

    /** Whatever a test did, the worker leaves no thread behind: none of the generator's, none of ZeroMQ's. */
    @AfterEach
    void stop() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(30, TimeUnit.SECONDS);
        master.close();
        server.close();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName).noneMatch(n -> n.startsWith("loadlab-") || n.startsWith("reaper-") || n.startsWith("iothread-")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWholeTestFromClientReadyToQuitAndTheStatsAddUpToTheRequestsMade() throws Exception {
        Worker worker = worker(Duration.ofSeconds(5));
        Future<Integer> code = thread.submit(worker::run);

        assertThat(master.await("client_ready", WAIT).data()).as("-1: a worker in another language").isEqualTo(-1L);
        master.send("ack", Map.of("index", 0L));
        master.send("spawn", spawn(Map.of("LoadlabUser", 2L), server.uri().toString()));
        master.await("spawning", WAIT);
        assertThat(master.await("spawning_complete", WAIT).dataMap()).containsEntry("user_count", 2L);
        Map<Object, Object> heartbeat = master.await("heartbeat", WAIT).dataMap();
        assertThat(heartbeat).containsEntry("state", "running").containsKeys("current_cpu_usage", "current_memory_usage");
        Map<Object, Object> stats = master.await("stats", WAIT).dataMap();
        assertThat(stats).containsEntry("user_count", 2L).containsKeys("stats", "stats_total", "errors", "user_classes_count");

        master.send("stop", null);
        master.await("client_stopped", WAIT);
        master.await("client_ready", WAIT);
        master.send("quit", null);
        master.await("quit", WAIT);

        assertThat(code.get(20, TimeUnit.SECONDS)).isZero();
        long reported = master.received().stream().filter(m -> m.type().equals("stats"))
                .mapToLong(m -> (Long) ((Map<Object, Object>) m.dataMap().get("stats_total")).get("num_requests")).sum();
        assertThat(worker.total().requests()).isPositive();
        assertThat(reported).as("requests in the stats messages").isEqualTo(worker.total().requests());
        assertThat(master.received().stream().map(Message::type).dropWhile(t -> !t.equals("client_stopped")).toList())
                .as("after the stop").startsWith("client_stopped", "client_ready");
    }

    /** A master that got a corrupt frame asks for a new connection: the worker makes one, with the same identity, and goes on. */
    @Test
    void reconnectGivesANewConnectionAndTheWorkerGoesOn() throws Exception {
        Future<Integer> code = joined(worker(Duration.ofSeconds(5)), Map.of("index", 0L));
        master.await("heartbeat", WAIT);

        master.send("reconnect", null);
        int before = master.received().size();
        master.await("heartbeat", WAIT);
        master.await("heartbeat", WAIT);
        master.send("quit", null);
        master.await("quit", WAIT);

        assertThat(code.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(master.received().size()).isGreaterThan(before);
        assertThat(out.toString()).contains("reconnecting");
    }

    /** With --rate the master's users only say whether to run; the worker sends its share of the rate. */
    @Test
    void anOpenLoopWorkerSendsItsRateWhateverTheUserCount() throws Exception {
        double rate = 200;
        Worker worker = new Worker(new Worker.Options("127.0.0.1", master.port(), null, ThinkTime.none(), ConnectionMode.KEEP_ALIVE,
                rate, 1000, false, null, Duration.ofSeconds(5), 1), new PrintWriter(out, true), new PrintWriter(out, true));
        Future<Integer> code = thread.submit(worker::run);
        master.await("client_ready", WAIT);
        master.send("ack", Map.of("index", 0L));
        master.send("spawn", spawn(Map.of("LoadlabUser", 1L), server.uri().toString()));
        master.await("spawning_complete", WAIT);
        Thread.sleep(2000);

        master.send("quit", null);
        master.await("quit", WAIT);

        assertThat(code.get(20, TimeUnit.SECONDS)).isZero();
        double seconds = worker.total().window().toNanos() / 1e9;
        assertThat(worker.total().requests()).as("requests in %.2f s at %.0f/s", seconds, rate)
                .isBetween((long) (rate * seconds) - 2, (long) (rate * seconds) + 2);
    }

    @Test
    void aMasterOfLocust1IsNamedAndEndsTheWorkerWithExitCode1() throws Exception {
        Future<Integer> code = joined(new Worker(options(Duration.ofSeconds(5)), new PrintWriter(out, true),
                new PrintWriter(err, true)), null);
        master.send("spawn", Map.of("num_users", 2L, "spawn_rate", 2.0, "host", server.uri().toString(), "stop_timeout", 0L));

        assertThat(code.get(20, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(err.toString()).contains("sent a spawn without user_classes_count: it speaks locust 1.x or older");
    }

    @Test
    void aRemoteTargetFromTheMasterIsRefusedWithExitCode2AndTheMasterIsTold() throws Exception {
        Future<Integer> code = joined(new Worker(options(Duration.ofSeconds(5)), new PrintWriter(out, true),
                new PrintWriter(err, true)), Map.of("index", 0L));
        master.send("spawn", spawn(Map.of("LoadlabUser", 2L), "http://192.0.2.1:8080"));

        assertThat(master.await("exception", WAIT).dataMap().get("msg").toString()).contains("is not a loopback address");
        assertThat(code.get(20, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(err.toString()).contains("the target 192.0.2.1 (192.0.2.1) is not a loopback address").contains("--allow-remote");
    }

    @Test
    void aMasterThatGoesAwayEndsTheWorkerWithExitCode1WithinTheTimeout() throws Exception {
        Future<Integer> code = joined(new Worker(options(Duration.ofSeconds(2)), new PrintWriter(out, true),
                new PrintWriter(err, true)), Map.of("index", 0L));
        master.send("spawn", spawn(Map.of("LoadlabUser", 2L), server.uri().toString()));
        master.await("spawning_complete", WAIT);

        master.close();
        long gone = System.nanoTime();

        assertThat(code.get(20, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat((System.nanoTime() - gone) / 1e9).as("seconds to give up").isLessThan(7);
        assertThat(err.toString()).contains("lost the locust master").contains("did not come back within the master timeout (2s");
    }

    /** Starts the worker and acknowledges its client_ready with {@code ack}'s data. */
    private Future<Integer> joined(Worker worker, Object ack) {
        Future<Integer> code = thread.submit(worker::run);
        master.await("client_ready", WAIT);
        master.send("ack", ack);
        return code;
    }

    private Worker worker(Duration masterTimeout) {
        return new Worker(options(masterTimeout), new PrintWriter(out, true), new PrintWriter(out, true));
    }

    private Worker.Options options(Duration masterTimeout) {
        return new Worker.Options("127.0.0.1", master.port(), null, ThinkTime.none(), ConnectionMode.KEEP_ALIVE, null, 1000, false,
                dir.resolve("logs"), masterTimeout, 1);
    }

    private static Map<String, Object> spawn(Map<String, Long> users, String host) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("timestamp", System.currentTimeMillis() / 1000.0);
        job.put("user_classes_count", users);
        job.put("host", host);
        job.put("stop_timeout", null);
        job.put("parsed_options", Map.of());
        return job;
    }
}
