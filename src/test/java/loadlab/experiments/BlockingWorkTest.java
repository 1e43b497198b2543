package loadlab.experiments;

import static loadlab.experiment.ExperimentAssertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * that waits for c requests at once serves at most c / S (Little's law, S = 10 ms), and nearly that
 * when the work dominates: single-threaded and event-loop, whose one thread does the sleeping: c = 1,
 * 100 RPS; prefork with 2 workers: 200; thread-pool and event-loop-offload with 8 threads: 800. Paired
 * with single-threaded (c = 1) in each round, a model of concurrency c serves <b>between c /
 * {@value #WITHIN} and {@value #WITHIN} × c times single-threaded</b>: the precision
 * that 4 to 6 rounds support when a busy machine can take up to half of any trial (ClaimErrorRatesTest).
 * Handing the work off takes event-loop to <b>at least {@value #OFFLOAD_FACTOR} times</b> itself;
 * thread-pool, event-loop-offload and thread-per-connection (a thread per user, 32) serve <b>at least
 * {@value #CONCURRENT_FACTOR} times single-threaded</b>. Each claim reads the whole 95% repeated interval
 * of the paired ratio. Sleeping threads cost no CPU, so on 2 cores concurrency multiplies the throughput
 * far beyond 2.
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
    static final double WITHIN = 2.5;
    static final double OFFLOAD_FACTOR = 4;
    static final double CONCURRENT_FACTOR = 4;

    /** How many requests each model waits for at once, against single-threaded's one. */
    static final Map<String, Integer> CONCURRENCY = new LinkedHashMap<>();

    static {
        CONCURRENCY.put("event-loop", 1);
        CONCURRENCY.put("prefork", 2);
        CONCURRENCY.put("thread-pool", POOL_THREADS);
        CONCURRENCY.put("event-loop-offload", POOL_THREADS);
    }

    static ExperimentResult result;

    @BeforeAll
    static void runTheExperiment() throws Exception {
        Plan.Builder plan = Plan.named("blocking-work").models(models().toList())
                .compare("thread-pool", BASELINE, CONCURRENT_FACTOR).compare("event-loop-offload", BASELINE, CONCURRENT_FACTOR)
                .compare("thread-per-connection", BASELINE, CONCURRENT_FACTOR).compare("event-loop-offload", "event-loop", OFFLOAD_FACTOR)
                .rounds(4, 6).budget(Duration.ofSeconds(85));
        CONCURRENCY.forEach((model, c) -> plan.compare(model, BASELINE, c / WITHIN).compare(model, BASELINE, c * WITHIN));
        ServerConfig server = ServerConfig.defaults().withWork(Work.sleep(Duration.ofMillis(Math.round(WORK_SECONDS * 1000))))
                .withThreads(POOL_THREADS).withWorkers(2);
        LoadSpec load = LoadSpec.to(Experiment.ANY_SERVER).closed(USERS, Double.POSITIVE_INFINITY, ThinkTime.none())
                .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST)
                .warmup(Duration.ofMillis(500)).duration(Duration.ofSeconds(1)).build();
        result = Lab.run(Experiment.of(plan.build(), server, load));
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
        return CONCURRENCY.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    // Little's law: c requests in service at once, each for 10 ms, against single-threaded's one.
    @ParameterizedTest(name = "{0}, waiting for {1} at a time, serves {1} times single-threaded, within a factor 2.5")
    @MethodSource("concurrency")
    void servesAboutItsConcurrencyTimesOneAtATime(String model, int concurrency) {
        System.out.println(result.compare(model, BASELINE));
        assertThat(result).model(model).hasThroughputAtLeastTimes(concurrency / WITHIN, BASELINE)
                .hasThroughputAtMostTimes(concurrency * WITHIN, BASELINE);
    }

    static Stream<String> concurrent() {
        return Stream.of("thread-pool", "event-loop-offload", "thread-per-connection");
    }

    // Waiting for many at once: four times one at a time, or more, the whole interval.
    @ParameterizedTest(name = "{0} serves at least 4 times single-threaded")
    @MethodSource("concurrent")
    void waitingForManyAtOnceServesMore(String model) {
        System.out.println(result.compare(model, BASELINE));
        assertThat(result).model(model).hasThroughputAtLeastTimes(CONCURRENT_FACTOR, BASELINE);
    }

    // The same loop, its work handed to 8 threads: at least four times the loop that sleeps itself.
    @Test
    void theEventLoopServesFourTimesMoreOnceItsWorkIsHandedOff() {
        System.out.println(result.compare("event-loop-offload", "event-loop"));
        assertThat(result).model("event-loop-offload").hasThroughputAtLeastTimes(OFFLOAD_FACTOR, "event-loop");
    }
}
