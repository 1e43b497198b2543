package loadlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every start has a stop: after {@code close()} the threads, child processes, file descriptors and
 * the port a model used are back to where they were, over 20 start/stop cycles. Each cycle leaves
 * connections open for close() to deal with: one idle between requests, one in the middle of one.
 */
class LeakTest {

    private static final int CYCLES = 20;
    // Well under the 10 s idle timeout: a connection that close() forgot would end by itself after
    // that, and hide the leak from a longer wait.
    private static final Duration SETTLE = Duration.ofSeconds(5);

    // The JDK's own pools keep idle threads for a while (the process reaper for a minute, the
    // virtual-thread scheduler's carriers for half of one): they belong to the JDK, not to a model.
    private static final List<String> JDK_POOLS = List.of("process reaper", "ForkJoinPool", "Common-Cleaner",
            "Attach Listener", "InnocuousThread", "VirtualThread-unblocker");

    @TempDir
    Path dumps;

    static List<String> models() {
        return Models.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void closeReleasesEverythingAModelMade(String model) throws Exception {
        ServerConfig config = ServerConfig.defaults().withWorkers(2);
        cycle(model, config); // first use loads classes and opens the JDK's lazily opened files
        Set<Thread> threadsBefore = platformThreads();
        Set<ProcessHandle> childrenBefore = descendants();
        long fdsBefore = openFileDescriptors();
        int virtualBefore = virtualThreadCount();
        for (int i = 0; i < CYCLES; i++) {
            int port = cycle(model, config);
            String when = model + ", cycle " + (i + 1);
            assertThat(portIsFree(port)).as(when + ": port " + port + " is free again").isTrue();
            await(when + ": threads").atMost(SETTLE).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(names(newThreads(threadsBefore))).as(when + ": threads left running").isEmpty());
            await(when + ": children").atMost(SETTLE).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(descendants()).as(when + ": processes left running").isSubsetOf(childrenBefore));
            await(when + ": file descriptors").atMost(SETTLE).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(openFileDescriptors()).as(when + ": open file descriptors").isLessThanOrEqualTo(fdsBefore));
        }
        // Virtual threads are not in the platform thread list; a thread dump counts them, once, at the
        // end: a leak in every cycle would show as 20 more.
        await(model + ": virtual threads").atMost(SETTLE).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(virtualThreadCount()).as(model + ": virtual threads").isLessThanOrEqualTo(virtualBefore));
    }

    /** Starts the model, serves a little, leaves two connections open, closes it; returns the port it had. */
    private static int cycle(String model, ServerConfig config) throws Exception {
        EchoServer server = Models.start(model, config);
        int port = server.port();
        try (RawClient done = RawClient.connect(server, 20_000);
             RawClient idle = RawClient.connect(server, 20_000);
             RawClient midRequest = RawClient.connect(server, 20_000)) {
            try {
                done.send("GET /done HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                assertThat(done.in().readAllBytes()).isNotEmpty(); // naive's answer too, which the strict parser refuses
                if (!model.equals("naive")) { // naive closes after one request
                    idle.exchange(Requests.get("/idle")); // and stays open, between requests
                }
                midRequest.send("POST /mid HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\nabc");
            } finally {
                server.close();
            }
            // close() ended the open connections too: each sees the end of the stream, or a reset.
            // (Naive has answered even the request that was cut in the middle.)
            for (RawClient client : model.equals("naive") ? List.<RawClient>of() : List.of(idle, midRequest)) {
                try {
                    assertThat(client.serverClosed()).as(model + ": an open connection closed by close()").isTrue();
                } catch (SocketException reset) {
                    assertThat(reset).hasMessageContaining("reset");
                }
            }
        }
        return port;
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    private static Set<Thread> platformThreads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    private static Set<Thread> newThreads(Set<Thread> before) {
        return platformThreads().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .filter(t -> JDK_POOLS.stream().noneMatch(t.getName()::startsWith))
                .collect(Collectors.toSet());
    }

    private static List<String> names(Set<Thread> threads) {
        return threads.stream().map(Thread::getName).sorted().toList();
    }

    private static Set<ProcessHandle> descendants() {
        try (Stream<ProcessHandle> all = ProcessHandle.current().descendants()) {
            return all.filter(ProcessHandle::isAlive).collect(Collectors.toSet());
        }
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static final Pattern THREAD_ID = Pattern.compile("\"tid\": \"(\\d+)\"");

    /** Threads in a full thread dump that are not platform threads: the live virtual threads. */
    private int virtualThreadCount() throws IOException {
        Path dump = Files.createTempFile(dumps, "threads", ".json");
        Files.delete(dump); // dumpThreads refuses to overwrite
        Set<Long> platform = Thread.getAllStackTraces().keySet().stream().map(Thread::threadId).collect(Collectors.toSet());
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        Matcher ids = THREAD_ID.matcher(Files.readString(dump));
        int virtual = 0;
        while (ids.find()) {
            if (!platform.contains(Long.parseLong(ids.group(1)))) {
                virtual++;
            }
        }
        return virtual;
    }
}
