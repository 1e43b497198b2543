package loadlab.experiments;

import static loadlab.experiment.ExperimentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import loadlab.experiment.Experiment;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Plan;
import loadlab.experiment.Trial;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadSpec;
import loadlab.load.ThinkTime;
import loadlab.server.ServerConfig;
import loadlab.server.Work;
import loadlab.stats.Comparison;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * <h2>Cores, not threads</h2>
 *
 * <p><b>Question.</b> {@link BlockingWorkTest} shows 8 threads serving 8 times as much as one. Do
 * 16 threads serve 16 times as much when each request computes for 1 ms instead of sleeping?
 *
 * <p><b>Hypothesis.</b> No. A sleeping thread uses no CPU, so threads can wait side by side
 * without limit; a computing thread holds a core, and there are only as many cores as there are.
 * By the utilization law, U = X × D, with D = 1 ms of CPU per request and U at most the number of
 * cores, the throughput is at most <b>cores / D</b>: 2 / 1 ms = 2,000 RPS on 2 cores, however many
 * threads. single-threaded uses one core: at most 1,000 RPS. Threads do not make a request cheaper.
 *
 * <p><b>Prediction</b> ({@code cpu:1ms}, thread-pool with 16 threads against single-threaded,
 * 16 closed-loop users without think time, a new connection per request). Asserted:
 * <ul>
 *   <li>no thread-pool trial above cores / D (+5%): 2,100 RPS;</li>
 *   <li>the server CPU per request of thread-pool within [0.7, 1.4] times single-threaded's:
 *       the same 1 ms of work plus the same connection costs;</li>
 *   <li>the whole 95% interval of thread-pool / single-threaded under
 *       <b>2 cores × 1.05 + 0.25 = 2.35</b>, where the thread-count hypothesis predicts 16, provided
 *       single-threaded had its core (see below).</li>
 * </ul>
 * On a quiet machine the ratio is about 1.3 to 1.8, not 2: the load generator shares the 2 cores
 * and takes part of the second. That the second core helps at all (verdict HIGHER) is printed,
 * not asserted: on a busy machine it came out INCONCLUSIVE.
 *
 * <p><b>Why the claims hold on a noisy 2-core machine, and the ratio's premise.</b> The ceiling in
 * RPS is a count of cores, and no noise adds cores; the CPU per request does not depend on who
 * wins the CPU; and the work is calibrated against this JVM's own CPU clock, so a busy machine
 * neither shortens nor lengthens it. The ratio is another matter. When a machine has more runnable
 * threads than cores, Linux shares the CPU among runnable threads (within a session's group), so
 * 16 busy threads win a bigger share of a contended machine than 1 thread does, and
 * single-threaded no longer gets its core. Measured on this machine shared with other jobs (load
 * average 10 to 20 on 2 cores): per-round ratios from 0.16 to 4.8, and single-threaded at 117 to
 * 666 RPS. The claim "at most the cores times single-threaded" assumes single-threaded had a whole
 * core, so the test checks that premise first, from /proc, round by round: the ratio's interval is
 * computed over the rounds in which single-threaded's server used at least 0.9 cores during its
 * window. With fewer than 3 such rounds the ratio is about the machine, not about cores, and that
 * one test is skipped with the figures (JUnit's assumption); the other two still assert. With the premise, the ratio cannot exceed 2 / 0.9 = 2.2 unless threads make a request
 * cheaper, which the second claim rules out; the allowance of 0.25 covers that and the interval's
 * width.
 *
 * <p><b>Budget: about 35 s.</b> 2 models × 4 rounds (up to 6 while the verdict is open and the
 * budget allows) of a fresh server, a 0.5 s warm-up and a 2 s window.
 *
 * <h3>How to run it</h3>
 * <pre>
 * mvn test -Dtest=CpuBoundWorkTest
 * </pre>
 *
 * <h3>What you should see</h3>
 * single-threaded at 600 to 900 RPS on a quiet machine, thread-pool at 900 to 1,500, both with
 * CPU/request a little above 1 ms, and a ratio of about 1.5. Compare with {@link BlockingWorkTest},
 * where 8 sleeping threads multiply the throughput by 8. The report is in
 * {@code target/loadlab/cpu-bound-work/index.html}.
 */
@Tag("experiment")
class CpuBoundWorkTest {

    static final String BASELINE = "single-threaded";
    static final int THREADS = 16;
    static final double WORK_SECONDS = 0.001;
    static final double NOISE_ALLOWANCE = 0.25;
    static final double PREMISE_CORES = 0.9;

    static ExperimentResult result;

    @BeforeAll
    static void runTheExperiment() throws Exception {
        Plan plan = Plan.named("cpu-bound-work").models(BASELINE, "thread-pool").compare("thread-pool", BASELINE)
                .rounds(4, 6).budget(Duration.ofSeconds(35)).build();
        ServerConfig computing = ServerConfig.defaults().withWork(Work.cpu(Duration.ofNanos(Math.round(WORK_SECONDS * 1e9)))).withThreads(THREADS);
        LoadSpec load = LoadSpec.to(Experiment.ANY_SERVER).closed(THREADS, Double.POSITIVE_INFINITY, ThinkTime.none())
                .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST)
                .warmup(Duration.ofMillis(500)).duration(Duration.ofSeconds(2)).build();
        result = new Experiment(plan, computing, load).run();
    }

    @Test
    void bothAnswerEveryRequest() {
        assertThat(result).model(BASELINE).hasNoFailures();
        assertThat(result).model("thread-pool").hasNoFailures();
    }

    @Test
    void sixteenThreadsServeAtMostTheCoreCountTimesOne() {
        int cores = result.machine().cores();
        double bound = cores * (1 + result.plan().margin()) + NOISE_ALLOWANCE;
        System.out.println("all rounds: " + result.compare("thread-pool", BASELINE));
        // The claim's premise: single-threaded had its core. In a round where a machine busier than its
        // cores did not give it one, 16 threads win CPU from other threads, and the ratio is not about cores.
        List<Trial> single = result.trials(BASELINE);
        List<Trial> pool = result.trials("thread-pool");
        List<Integer> kept = IntStream.range(0, single.size())
                .filter(i -> single.get(i).measurement().resources().cpuCores() >= PREMISE_CORES).boxed().toList();
        String cpu = single.stream().map(t -> String.format(Locale.ROOT, "%.2f", t.measurement().resources().cpuCores()))
                .toList().toString();
        assumeTrue(kept.size() >= 3, "single-threaded had its core (" + PREMISE_CORES + " or more) in only "
                + kept.size() + " rounds, cores used by round " + cpu + ": too few to compare");
        Comparison c = Comparison.of("thread-pool", kept.stream().mapToDouble(i -> pool.get(i).rps()).toArray(),
                BASELINE, kept.stream().mapToDouble(i -> single.get(i).rps()).toArray(), result.plan().margin(),
                result.plan().level());
        System.out.println("the " + kept.size() + " rounds where single-threaded had its core (cores used " + cpu + "): " + c);
        assertThat(c.ratioUpper()).as("upper end of %s, against %d cores × %.2f + %.2f", c, cores,
                1 + result.plan().margin(), NOISE_ALLOWANCE).isLessThan(bound);
    }

    @Test
    void noTrialServesMoreThanTheCoresCanCompute() {
        int cores = result.machine().cores();
        double ceiling = cores / WORK_SECONDS; // the utilization law: X = U / D, and U is at most the cores
        for (Trial t : result.trials("thread-pool")) {
            assertThat(t.rps()).as("thread-pool, round %d, against cores / D = %.0f RPS", t.round(), ceiling)
                    .isLessThan(ceiling * (1 + result.plan().margin()));
        }
    }

    @Test
    void threadsDoNotMakeARequestCheaper() {
        double pool = result.cpuMicrosPerRequest("thread-pool");
        double single = result.cpuMicrosPerRequest(BASELINE);
        System.out.printf(Locale.ROOT, "server CPU per request: thread-pool %.0f us, single-threaded %.0f us%n", pool, single);
        assertThat(pool / single).as("CPU per request, thread-pool (%.0f us) over single-threaded (%.0f us)", pool, single)
                .isBetween(0.7, 1.4);
        System.out.println("not asserted, the second core's help: " + result.compare("thread-pool", BASELINE));
    }
}
