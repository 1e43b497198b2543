package loadlab.experiments;

import static loadlab.experiment.ExperimentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import loadlab.experiment.Experiment;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Plan;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadSpec;
import loadlab.load.ThinkTime;
import loadlab.server.ServerConfig;
import loadlab.server.Work;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * <h2>When does concurrency win?</h2>
 *
 * <p><b>Question.</b> If each request waits 10 ms (a database call, a disk read: here
 * {@code sleep:10ms}, which uses no CPU), what does each model serve?
 *
 * <p><b>Hypothesis.</b> A server that waits for one request at a time serves at most 1 / 10 ms =
 * 100 requests per second, whatever the machine. A server that waits for c requests at once
 * serves up to c times as many (Little's law: c requests in service, each for S = 10 ms, give
 * X = c / S), until something else runs out: here the CPU that a TCP connection per request costs.
 * Sleeping threads cost no CPU, so on 2 cores concurrency can multiply the throughput far beyond 2.
 * An event loop has one thread: if that thread does the waiting, it waits for one request at a
 * time, like single-threaded; if it hands the work to a pool, it waits for as many as the pool
 * has threads.
 *
 * <p><b>Prediction</b> (32 closed-loop users, no think time, a new connection per request;
 * the concurrency c in brackets). Each model serves <b>about c / S</b>, and never more:
 * <ul>
 *   <li>single-threaded (1) and event-loop (1: the sleep blocks the loop): 100 RPS;</li>
 *   <li>prefork (2 worker JVMs): 200; thread-pool and event-loop-offload (8 threads): 800;</li>
 *   <li>event-loop-offload, the same loop with the work handed to a pool
 *       ({@link loadlab.server.EventLoopWithWorkersServer}: the loop parses and writes,
 *       {@code --threads} workers sleep): <b>HIGHER than event-loop</b>, about 8 times;</li>
 *   <li>thread-per-connection (one thread per user, 32): up to 3,200, less when the CPU that a
 *       connection per request costs runs out first: <b>more than 5 × 100</b>.</li>
 * </ul>
 * Asserted: for each c, no round above 1.1 × c / S, and the best round at least 0.8 × c / S for
 * single-threaded ("within 20% of 100") and 0.7 × c / S for the others (each request also pays
 * for its connection); for event-loop, the bound alone (no round above 110: it cannot do better
 * than one at a time), its contrast with event-loop-offload showing the rest; thread-pool,
 * event-loop-offload and thread-per-connection <b>HIGHER</b> than single-threaded. prefork's best
 * round at 0.7 × 200 = 140 is above what one at a time can ever do (110); its verdict against
 * single-threaded is not asserted, since a busy machine hits its three JVMs harder than one
 * (measured: 54 and 108 RPS in two of four rounds, 177 in the others).
 *
 * <p><b>Why the claims hold on a noisy 2-core machine.</b> Sleep paces every model, and the
 * figures (100, 200, 800) are set by thread counts, not by CPU speed. But a machine shared with
 * other jobs delays the wake-up from each sleep: measured at a load average of 20 on 2 cores,
 * single-threaded served 52 to 88 RPS and event-loop 29 to 67 in the same experiment, and
 * thread-pool once 133. Noise only ever takes throughput away, never adds it: a stalled trial
 * serves less. So the law's bound c / S is asserted on every round, and "about c / S" on the best
 * round, which shows what the model does when the machine leaves it alone; the verdicts use all
 * the rounds, up to 4 (3 when every comparison is conclusive), and the effects they need (7 to 15
 * times) are far larger than the noise.
 *
 * <p><b>Budget: about 55 s</b> (70 s with an extra round). 6 models × 3 rounds of a fresh
 * server, a 0.5 s warm-up and a 1.5 s window; the one-at-a-time models then still owe up to
 * 32 × 10 ms to users already waiting.
 *
 * <h3>How to run it</h3>
 * <pre>
 * mvn test -Dtest=BlockingWorkTest
 * </pre>
 *
 * <h3>What you should see</h3>
 * single-threaded and event-loop at about 90 RPS with p50 about 32 × 10 ms = 350 ms (every user
 * waits for the 31 others); prefork at about 175 (p50 about 200 ms); thread-pool and
 * event-loop-offload at about 750 (p50 about 40 ms: 32 users, 8 at a time); thread-per-connection
 * at one to two thousand, p50 about 15 ms. The report is in
 * {@code target/loadlab/blocking-work/index.html}.
 */
@Tag("experiment")
class BlockingWorkTest {

    static final String BASELINE = "single-threaded";
    static final int USERS = 32;
    static final int POOL_THREADS = 8;
    static final double WORK_SECONDS = 0.010;

    static ExperimentResult result;

    @BeforeAll
    static void runTheExperiment() throws Exception {
        Plan plan = Plan.named("blocking-work")
                .models(BASELINE, "event-loop", "prefork", "thread-pool", "event-loop-offload", "thread-per-connection")
                .compare("thread-pool", BASELINE).compare("event-loop-offload", BASELINE)
                .compare("thread-per-connection", BASELINE).compare("event-loop-offload", "event-loop")
                .rounds(3, 4).budget(Duration.ofSeconds(70)).build();
        ServerConfig server = ServerConfig.defaults().withWork(Work.sleep(Duration.ofMillis(Math.round(WORK_SECONDS * 1000))))
                .withThreads(POOL_THREADS).withWorkers(2);
        LoadSpec load = LoadSpec.to(Experiment.ANY_SERVER).closed(USERS, Double.POSITIVE_INFINITY, ThinkTime.none())
                .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST)
                .warmup(Duration.ofMillis(500)).duration(Duration.ofMillis(1500)).build();
        result = new Experiment(plan, server, load).run();
    }

    static Stream<String> models() {
        return Stream.of(BASELINE, "event-loop", "prefork", "thread-pool", "event-loop-offload", "thread-per-connection");
    }

    @ParameterizedTest(name = "{0} answers every request correctly")
    @MethodSource("models")
    void answersEveryRequest(String model) {
        assertThat(result).model(model).hasNoFailures();
    }

    static Stream<Arguments> concurrency() {
        return Stream.of(Arguments.of(BASELINE, 1), Arguments.of("prefork", 2),
                Arguments.of("thread-pool", POOL_THREADS), Arguments.of("event-loop-offload", POOL_THREADS));
    }

    @ParameterizedTest(name = "{0}, waiting for {1} at a time, serves about {1} / 10 ms: never more, and nearly so")
    @MethodSource("concurrency")
    void servesAboutItsConcurrencyOverTheWork(String model, int concurrency) {
        double ceiling = concurrency / WORK_SECONDS; // Little's law: at most c requests in service, each 10 ms
        double[] rounds = result.rpsByRound(model);
        String all = model + ": RPS by round " + Arrays.toString(rounds) + ", against c / S = " + ceiling;
        // Noise only takes throughput away: the bound holds in every round, the best round shows the model.
        assertThat(Arrays.stream(rounds).max().orElseThrow()).as(all).isLessThanOrEqualTo(1.1 * ceiling)
                .isGreaterThanOrEqualTo((concurrency == 1 ? 0.8 : 0.7) * ceiling);
    }

    @Test
    void theEventLoopWaitsForOneRequestAtATime() {
        double[] rounds = result.rpsByRound("event-loop");
        assertThat(Arrays.stream(rounds).max().orElseThrow())
                .as("event-loop: RPS by round %s, against 1 / S = 100", Arrays.toString(rounds))
                .isLessThanOrEqualTo(1.1 / WORK_SECONDS);
    }

    static Stream<String> concurrent() {
        return Stream.of("thread-pool", "event-loop-offload", "thread-per-connection");
    }

    @ParameterizedTest(name = "{0} serves more than single-threaded")
    @MethodSource("concurrent")
    void waitingForManyAtOnceServesMore(String model) {
        System.out.println(result.compare(model, BASELINE));
        assertThat(result).model(model).hasThroughputAbove(BASELINE);
    }

    @Test
    void theEventLoopServesMoreOnceItsWorkIsHandedOff() {
        System.out.println(result.compare("event-loop-offload", "event-loop"));
        assertThat(result).model("event-loop-offload").hasThroughputAbove("event-loop");
    }

    @Test
    void aThreadPerUserServesManyTimesMore() {
        double best = Arrays.stream(result.rpsByRound("thread-per-connection")).max().orElseThrow();
        assertThat(best).as("best round of thread-per-connection, against 5 × 1 / S").isGreaterThan(5 / WORK_SECONDS);
    }
}
