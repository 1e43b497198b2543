package loadlab.experiments;

import static loadlab.experiment.ExperimentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;
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
 * <p><b>Question.</b> The seed's multi-process server served 273.8 RPS against the single
 * process's 644.4, with a mean response of 12.4 s. Are processes slow?
 *
 * <p><b>Hypothesis.</b> Not processes: making one per connection. The seed forked a process for
 * every connection; process-per-connection here starts a JVM for every connection, CGI-style.
 * Echoing a few bytes costs microseconds of CPU; starting a process costs milliseconds (a JVM:
 * tens of milliseconds, loading and verifying classes before the first byte is read). When the
 * request costs nothing, the cost of the connection is all there is. Processes made once, as
 * prefork's workers are, pay that cost once per trial instead of once per request.
 *
 * <p><b>Prediction</b> (no work, 8 closed-loop users without think time, a new connection per
 * request). The server's CPU per request C bounds its throughput on 2 cores by X &le; 2 / C (the
 * utilization law, U = X × C). single-threaded: C of some tens of microseconds, thousands of RPS.
 * process-per-connection: C of tens of milliseconds, so X of tens of RPS at most:
 * <b>LOWER than single-threaded</b>, by a factor of a hundred or more, with a CPU per request
 * <b>at least 50 times single-threaded's</b>. prefork (2 single-threaded worker JVMs started with
 * the server): <b>HIGHER than process-per-connection, at least 20 times</b>, and <b>of the same
 * order as single-threaded</b>: its best round above a third of single-threaded's best, its CPU
 * per request under 3 times single-threaded's. Not "equal": with no work at all, two JVMs sharing 2 cores with the load
 * generator cost more per request than one (measured: 150 to 250 us against 80 to 120 us), and on
 * a quiet machine prefork came out LOWER, at 0.65 times single-threaded. Processes are not free;
 * making one per request is what is ruinous.
 *
 * <p><b>Why 8 users.</b> Each user of process-per-connection waits on a JVM starting; 8 users
 * keep 8 JVMs starting at once, already more than 2 cores can start without queueing. 64 would
 * queue JVM starts past the read timeout and take gigabytes of memory; 8 show the cost just as well.
 *
 * <p><b>Why the claims hold on a noisy 2-core machine.</b> The ratios asserted are about a
 * hundredfold (asserted at 20 and at "LOWER") and the CPU-per-request ratio about a thousandfold
 * (asserted at 50): CPU time is counted, not waited for, so a busy machine barely moves it. The
 * figures for prefork against single-threaded are CPU-bound, and a busy machine took up to nine
 * tenths off single-threaded in one round (9,787 and 866 RPS in the same experiment): noise only
 * takes throughput away, so the best rounds are compared, with a factor of 3 to spare.
 *
 * <p><b>Budget: about 40 s.</b> 3 models × 3 rounds (more, up to 5, while a verdict is open and the
 * budget allows) of a fresh server, a 0.5 s warm-up and a 2 s window. No longer warm-up: a JVM per
 * connection has no warm state to reach, every connection starts cold.
 *
 * <h3>How to run it</h3>
 * <pre>
 * mvn test -Dtest=ProcessCreationCostTest
 * </pre>
 *
 * <h3>What you should see</h3>
 * single-threaded and prefork at thousands of RPS with CPU/request of 100 to 250 microseconds;
 * process-per-connection at a few dozen RPS, p50 of hundreds of milliseconds (a JVM start under
 * load), CPU/request in the tens of milliseconds, and peaks of 9 or more processes. The report is in
 * {@code target/loadlab/process-creation-cost/index.html}.
 */
@Tag("experiment")
class ProcessCreationCostTest {

    static final String BASELINE = "single-threaded";

    static ExperimentResult result;

    @BeforeAll
    static void runTheExperiment() throws Exception {
        Plan plan = Plan.named("process-creation-cost").models(BASELINE, "process-per-connection", "prefork")
                .compare("process-per-connection", BASELINE).compare("prefork", "process-per-connection")
                .rounds(3, 5).budget(Duration.ofSeconds(40)).build();
        LoadSpec load = LoadSpec.to(Experiment.ANY_SERVER).closed(8, Double.POSITIVE_INFINITY, ThinkTime.none())
                .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST)
                .warmup(Duration.ofMillis(500)).duration(Duration.ofSeconds(2)).build();
        result = new Experiment(plan, ServerConfig.defaults(), load).run();
        System.out.println();
        System.out.println("server CPU per request (all trials):");
        models().forEach(m -> System.out.printf(Locale.ROOT, "  %-24s %10.1f us%n", m, result.cpuMicrosPerRequest(m)));
    }

    static Stream<String> models() {
        return Stream.of(BASELINE, "process-per-connection", "prefork");
    }

    @ParameterizedTest(name = "{0} answers every request correctly")
    @MethodSource("models")
    void answersEveryRequest(String model) {
        assertThat(result).model(model).hasNoFailures();
    }

    @Test
    void aJvmPerConnectionServesLessThanOneThread() {
        System.out.println(result.compare("process-per-connection", BASELINE));
        assertThat(result).model("process-per-connection").hasThroughputBelow(BASELINE);
    }

    @Test
    void aJvmPerConnectionCostsFarMoreCpuPerRequest() {
        double perConnection = result.cpuMicrosPerRequest("process-per-connection");
        double single = result.cpuMicrosPerRequest(BASELINE);
        assertThat(perConnection).as("CPU per request (us) of process-per-connection, against %.1f us for %s",
                single, BASELINE).isGreaterThan(50 * single);
    }

    @Test
    void processesMadeOnceServeHundredsOfTimesMore() {
        System.out.println(result.compare("prefork", "process-per-connection"));
        assertThat(result).model("prefork").hasThroughputAbove("process-per-connection")
                .hasThroughputAtLeastTimes(20, "process-per-connection");
    }

    @Test
    void processesMadeOnceServeAboutAsMuchAsOneThread() {
        System.out.println("not asserted: " + result.compare("prefork", BASELINE));
        // Noise only takes throughput away: the best rounds show each model left alone.
        double prefork = Arrays.stream(result.rpsByRound("prefork")).max().orElseThrow();
        double single = Arrays.stream(result.rpsByRound(BASELINE)).max().orElseThrow();
        assertThat(prefork).as("best round of prefork, against a third of single-threaded's best (%.0f)", single)
                .isGreaterThan(single / 3);
        assertThat(result.cpuMicrosPerRequest("prefork")).as("CPU per request (us) of prefork, against 3 × %.1f us",
                result.cpuMicrosPerRequest(BASELINE)).isLessThan(3 * result.cpuMicrosPerRequest(BASELINE));
    }
}
