package loadlab.experiments;

import static loadlab.experiment.ExperimentAssertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import loadlab.Lab;
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
 * <p><b>Question.</b> If each request waits 10 ms ({@code sleep:10ms}: a database call, using no CPU),
 * what does each model serve?
 *
 * <p><b>Prediction</b> (32 closed-loop users, no think time, a new connection per request). A model
 * that waits for c requests at once serves at most c / S (Little's law, S = 10 ms): <b>no round above
 * {@value #BOUND_SHARE} × c / S</b>, and, in the round the machine left it alone, <b>at least
 * {@value #ONE_AT_A_TIME_SHARE} × c / S</b> for one at a time and {@value #CONCURRENT_SHARE} × c / S for
 * the others, which also pay for a connection per request. single-threaded and event-loop, whose one
 * thread does the sleeping: c = 1, 100 RPS; prefork with 2 workers: 200; thread-pool and
 * event-loop-offload with 8 threads: 800. Handing the work off takes event-loop to <b>at least
 * {@value #OFFLOAD_FACTOR} times</b> itself; thread-pool, event-loop-offload and thread-per-connection
 * (a thread per user, 32) serve <b>at least {@value #CONCURRENT_FACTOR} times single-threaded</b>.
 * Sleeping threads cost no CPU, so on 2 cores concurrency multiplies the throughput far beyond 2.
 *
 * <p><b>Run</b> {@code mvn test -Dtest=BlockingWorkTest} (about 50 s).
 *
 * <p><b>You should see</b> single-threaded and event-loop at about 90 RPS with p50 near 32 × 10 ms;
 * prefork at about 175; thread-pool and event-loop-offload at about 750 (p50 about 40 ms: 32 users,
 * 8 at a time); thread-per-connection at one to three thousand. Report: target/loadlab/blocking-work/.
 */
@Tag("experiment")
class BlockingWorkTest {

    static final String BASELINE = "single-threaded";
    static final int USERS = 32;
    static final int POOL_THREADS = 8;
    static final double WORK_SECONDS = 0.010;
    static final double BOUND_SHARE = 1.1;
    static final double ONE_AT_A_TIME_SHARE = 0.8;
    static final double CONCURRENT_SHARE = 0.7;
    static final double OFFLOAD_FACTOR = 5;
    static final double CONCURRENT_FACTOR = 5;

    static ExperimentResult result;

    @BeforeAll
    static void runTheExperiment() throws Exception {
        Plan plan = Plan.named("blocking-work").models(models().toList())
                .compare("thread-pool", BASELINE).compare("event-loop-offload", BASELINE)
                .compare("thread-per-connection", BASELINE).compare("event-loop-offload", "event-loop")
                .rounds(3, 4).budget(Duration.ofSeconds(70)).build();
        ServerConfig server = ServerConfig.defaults().withWork(Work.sleep(Duration.ofMillis(Math.round(WORK_SECONDS * 1000))))
                .withThreads(POOL_THREADS).withWorkers(2);
        LoadSpec load = LoadSpec.to(Experiment.ANY_SERVER).closed(USERS, Double.POSITIVE_INFINITY, ThinkTime.none())
                .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST)
                .warmup(Duration.ofMillis(500)).duration(Duration.ofMillis(1500)).build();
        result = Lab.run(Experiment.of(plan, server, load));
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
        return Stream.of(Arguments.of(BASELINE, 1), Arguments.of("event-loop", 1), Arguments.of("prefork", 2),
                Arguments.of("thread-pool", POOL_THREADS), Arguments.of("event-loop-offload", POOL_THREADS));
    }

    // Little's law: at most c requests in service, each for 10 ms. The bound on every round, "about" on the best.
    @ParameterizedTest(name = "{0}, waiting for {1} at a time, serves about {1} / 10 ms: never more, and nearly so")
    @MethodSource("concurrency")
    void servesAboutItsConcurrencyOverTheWork(String model, int concurrency) {
        double ceiling = concurrency / WORK_SECONDS;
        assertThat(result).model(model).hasEveryRoundAtMost(BOUND_SHARE * ceiling)
                .hasBestRoundAtLeast((concurrency == 1 ? ONE_AT_A_TIME_SHARE : CONCURRENT_SHARE) * ceiling);
    }

    static Stream<String> concurrent() {
        return Stream.of("thread-pool", "event-loop-offload", "thread-per-connection");
    }

    // Waiting for many at once: five times one at a time, or more, the whole interval.
    @ParameterizedTest(name = "{0} serves at least 5 times single-threaded")
    @MethodSource("concurrent")
    void waitingForManyAtOnceServesMore(String model) {
        System.out.println(result.compare(model, BASELINE));
        assertThat(result).model(model).hasThroughputAtLeastTimes(CONCURRENT_FACTOR, BASELINE);
    }

    // The same loop, its work handed to 8 threads: at least five times the loop that sleeps itself.
    @Test
    void theEventLoopServesFiveTimesMoreOnceItsWorkIsHandedOff() {
        System.out.println(result.compare("event-loop-offload", "event-loop"));
        assertThat(result).model("event-loop-offload").hasThroughputAtLeastTimes(OFFLOAD_FACTOR, "event-loop");
    }
}
