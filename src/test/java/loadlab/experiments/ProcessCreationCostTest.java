package loadlab.experiments;

import static loadlab.experiment.ExperimentAssertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;
import loadlab.Lab;
import loadlab.experiment.Experiment;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Plan;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadSpec;
import loadlab.load.ThinkTime;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * <h2>Why did the student's multi-process server lose?</h2>
 *
 * <p><b>Question.</b> The seed's multi-process server served 273.8 RPS against the single process's
 * 644.4. Are processes slow?
 *
 * <p><b>Prediction</b> (no work, 8 closed-loop users, a new connection per request). Not processes:
 * making one per connection. process-per-connection starts a JVM for each connection, tens of
 * milliseconds of CPU where an echo costs tens of microseconds, so its server CPU per request is
 * <b>at least {@value #CPU_FACTOR} times</b> single-threaded's and it serves less, <b>at most
 * {@value #PER_CONNECTION_FACTOR} times</b> single-threaded (a hundredth). prefork makes its 2 worker
 * JVMs once, with the server: it serves <b>at least {@value #PREFORK_FACTOR} times</b>
 * process-per-connection, and about what one process does: <b>at least {@value #PREFORK_SHARE} times</b>
 * single-threaded (a quarter: the precision 4 to 6 rounds support when a busy machine can take up to
 * half of any trial), its CPU per request <b>under {@value #SAME_ORDER} times</b> single-threaded's. Not
 * equal: two JVMs sharing 2 cores with the load generator cost more per request than one. Each
 * throughput claim reads the whole 95% repeated interval of the paired ratio, and the runner goes on
 * until it clears the claim's factor (ClaimErrorRatesTest gives the error rates).
 * {@code ProcessCreationCostMutantTest} puts a thread in the process's place: the claims must fail.
 *
 * <p><b>Run</b> {@code mvn test -Dtest=ProcessCreationCostTest} (about 30 s).
 *
 * <p><b>You should see</b> single-threaded and prefork at thousands of RPS with 100 to 250 us of CPU
 * per request; process-per-connection at a few dozen RPS, p50 of hundreds of milliseconds, tens of
 * milliseconds of CPU per request and peaks of 9 or more processes. Report:
 * target/loadlab/process-creation-cost/.
 */
@Tag("experiment")
class ProcessCreationCostTest {

    static final String BASELINE = "single-threaded";
    static final double CPU_FACTOR = 50;
    static final double PER_CONNECTION_FACTOR = 0.01;
    static final double PREFORK_FACTOR = 20;
    static final double SAME_ORDER = 3;
    static final double PREFORK_SHARE = 0.25;

    static ExperimentResult result;

    @BeforeAll
    static void runTheExperiment() throws Exception {
        result = Lab.run(experiment("process-creation-cost", "process-per-connection"));
        System.out.println();
        System.out.println("server CPU per request (all trials):");
        models().forEach(m -> System.out.printf(Locale.ROOT, "  %-24s %10.1f us%n", m, result.cpuMicrosPerRequest(m)));
    }

    /** The experiment, with {@code perConnection} run in process-per-connection's place (the mutant runs a thread there). */
    static Experiment experiment(String name, String perConnection) {
        Plan plan = Plan.named(name).arm(BASELINE, BASELINE).arm("process-per-connection", perConnection)
                .arm("prefork", "prefork")
                .compare("process-per-connection", BASELINE, PER_CONNECTION_FACTOR)
                .compare("prefork", "process-per-connection", PREFORK_FACTOR).compare("prefork", BASELINE, PREFORK_SHARE)
                .rounds(4, 6).budget(Duration.ofSeconds(60)).build();
        LoadSpec load = LoadSpec.to(Experiment.ANY_SERVER).closed(8, Double.POSITIVE_INFINITY, ThinkTime.none())
                .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST)
                .warmup(Duration.ofMillis(500)).duration(Duration.ofSeconds(2)).build();
        return Experiment.of(plan, ServerConfig.defaults(), load);
    }

    static Stream<String> models() {
        return Stream.of(BASELINE, "process-per-connection", "prefork");
    }

    @ParameterizedTest(name = "{0} answers every request correctly")
    @MethodSource("models")
    void answersEveryRequest(String model) {
        assertThat(result).model(model).hasNoFailures();
    }

    // CPU time is counted, not waited for: a busy machine barely moves it.
    @Test
    void aJvmPerConnectionCostsFiftyTimesTheCpuPerRequestAndServesAHundredth() {
        aJvmPerConnectionCostsFiftyTimesTheCpuPerRequestAndServesAHundredth(result);
    }

    static void aJvmPerConnectionCostsFiftyTimesTheCpuPerRequestAndServesAHundredth(ExperimentResult result) {
        System.out.println(result.compare("process-per-connection", BASELINE));
        assertThat(result).model("process-per-connection").hasCpuPerRequestAtLeastTimes(CPU_FACTOR, BASELINE)
                .hasThroughputAtMostTimes(PER_CONNECTION_FACTOR, BASELINE);
    }

    @Test
    void processesMadeOnceServeTwentyTimesMoreThanOnePerConnection() {
        System.out.println(result.compare("prefork", "process-per-connection"));
        assertThat(result).model("prefork").hasThroughputAtLeastTimes(PREFORK_FACTOR, "process-per-connection");
    }

    @Test
    void processesMadeOnceServeAboutAsMuchAsOneProcess() {
        System.out.println(result.compare("prefork", BASELINE));
        assertThat(result).model("prefork").hasThroughputAtLeastTimes(PREFORK_SHARE, BASELINE)
                .hasCpuPerRequestBetweenTimes(0, SAME_ORDER, BASELINE);
    }
}
