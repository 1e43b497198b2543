package loadlab.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import loadlab.Lab;
import loadlab.load.ConnectionMode;
import loadlab.load.FailureCategory;
import loadlab.load.LoadSpec;
import loadlab.load.RequestTemplate;
import loadlab.load.TrialResult;
import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import loadlab.server.Work;
import org.junit.jupiter.api.Test;

/**
 * Grades exercise 2, {@link BoundedQueueServer}, under an open-loop overload.
 *
 * <p>The server has 2 threads, a queue of 4 and {@code sleep:50ms} work: a capacity of 2 / 50 ms =
 * 40 requests per second. The open loop offers 120 per second, three times that. An accepted request
 * waits at most for the queue ahead of it and its own work: (4 / 2 + 1) × 50 ms = 150 ms. The bound
 * asserted, 1 s, leaves room for a slow shared machine; an unbounded queue would instead grow by
 * 80 requests a second, 2 s of extra wait per second of overload. The work is a sleep, so the CPU
 * the generator takes can't change the server's capacity.
 */
@Graded(2)
class BoundedQueueGradingTest {

    @Test
    void echoesCorrectly() throws Exception {
        try (EchoServer server = Models.start("bounded-queue", ServerConfig.defaults())) {
            Echoes.assertEchoes(server, 0);
            Echoes.assertEchoes(server, 10_000);
        }
    }

    @Test
    void underOverloadItAnswersOr503sAtOnceAndKeepsLatencyBounded() throws Exception {
        ServerConfig config = ServerConfig.defaults().withThreads(2).withQueue(4).withWork(Work.parse("sleep:50ms"));
        // A trial that measured the generator, not the server (a law broken, the generator the bottleneck), is run again.
        TrialResult result = Lab.validInProcess("bounded-queue under overload", "bounded-queue", config, uri -> LoadSpec.to(uri)
                .open(120, false, 500)
                .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST)
                .request(RequestTemplate.get())
                .warmup(Duration.ofMillis(500))
                .duration(Duration.ofSeconds(3))
                .readTimeout(Duration.ofSeconds(3))
                .build(), System.out).load();
        System.out.println("bounded-queue under 3x overload: " + result);
        assertThat(result.failuresByCategory().keySet())
                .as("failure categories (only 503s allowed): %s", result.failureExamples())
                .isSubsetOf(Set.of(FailureCategory.HTTP_STATUS));
        assertThat(result.failuresByStatus().keySet()).as("statuses").isSubsetOf(Set.of(503));
        assertThat(result.failuresByStatus().getOrDefault(503, 0L))
                .as("503s: at three times capacity, about two requests in three must be refused")
                .isGreaterThan(result.requests() / 4);
        // Capacity is 120 in the 3 s window; a quarter of it proves the server serves while it sheds.
        assertThat(result.successes()).as("accepted and served (capacity: 120)").isGreaterThan(30);
        assertThat(result.latency().getValueAtPercentile(99) / 1000.0)
                .as("p99 of accepted requests in ms (bound: 150 ms plus noise)").isLessThan(1000);
    }
}
