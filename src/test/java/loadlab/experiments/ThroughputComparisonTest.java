package loadlab.experiments;

import static loadlab.experiment.ExperimentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import loadlab.experiment.Experiment;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Plan;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadSpec;
import loadlab.load.ThinkTime;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import loadlab.server.Work;
import loadlab.stats.Estimate;
import loadlab.workbook.ExerciseStatus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * <h2>Which server model serves more requests per second?</h2>
 *
 * <p><b>Question.</b> The seed report measured "single process 644 RPS, multi-process 274,
 * multi-thread 322" and concluded that the single process was the most efficient. Is it?
 *
 * <p><b>Hypothesis.</b> It depends on what a request costs. When a request waits (on a disk, a
 * database: here {@code sleep:10ms}), a server that can wait for many requests at once serves many
 * times more than one that waits for them one after the other. When a request costs nothing, what
 * the model pays per connection decides, and starting a JVM per connection costs far more than
 * echoing a few bytes.
 *
 * <p><b>Prediction, experiment 1 ("waiting": {@code sleep:10ms}, 64 closed-loop users, no think
 * time).</b> The interactive response time law, X = N / (Z + R), with N = 64 users, Z = 0 and
 * R at least 10 ms, caps every model at 6,400 RPS. single-threaded serves one request at a time,
 * so R is 64 × 10 ms and X at most 1 / 10 ms = 100 RPS. thread-pool (64 threads, one per user),
 * virtual-threads and thread-per-connection sleep for all 64 users at once; what limits them is
 * the CPU that a TCP connection per request costs, on 2 cores shared with the load generator: we
 * expect 1,500 to 5,000 RPS, <b>ten times single-threaded or more</b>, verdict HIGHER. Not
 * asserted, but worth a look: event-loop sleeps on its only thread, the one that serves every
 * connection, so it stays at about 100 RPS like single-threaded.
 *
 * <p><b>Prediction, experiment 2 ("echo": no work, 8 users).</b> single-threaded echoes in well
 * under a millisecond: a few thousand RPS. process-per-connection starts a JVM for each
 * connection, some 50 ms of CPU or more, so 2 cores give it a few dozen RPS: <b>about a hundred
 * times lower</b>, verdict LOWER. The seed's multi-process server was slower than its single
 * process for this reason. Not asserted: prefork is multi-process too, but its 2 worker JVMs are
 * made once, so it should echo at least as fast as single-threaded (two workers, two cores),
 * hundreds of times faster than a JVM per connection. 8 users and not 64: 64 users would keep 64
 * JVMs starting at once (gigabytes of memory, start-ups queued past the read timeout), and 8 show
 * the cost of a connection as well. The workbook's server exercises (lingering-close,
 * bounded-queue, multi-reactor) join this experiment once they work; until then they are reported
 * as skipped, "Exercise N not done yet".
 *
 * <p><b>Why a new connection per request.</b> A closed-loop user on keep-alive holds its
 * connection for the whole trial, and single-threaded serves one connection until it closes: it
 * would serve one user while 63 wait for their read timeout, and the experiment would measure
 * timeouts, not throughput. With a connection per request every request goes through the accept
 * queue and single-threaded serves the users in turn, as the seed's servers did (they closed the
 * connection after each response).
 *
 * <p><b>Why these claims can be asserted on a noisy 2-core machine.</b> The predicted effects are
 * ten- and hundred-fold; the verdict needs only the 95% interval of the per-round ratio to clear
 * 1.05 (or 1/1.05). Other jobs on the machine move a model's RPS by tens of percent, but they hit
 * both models of a round alike, since the models run interleaved, in random order, in each round.
 *
 * <p><b>Budget: under 3 minutes.</b> A trial is a fresh server JVM (0.3 s to start, more on a busy
 * machine), a warm-up, a window, and the wait for the requests still out when the window closes
 * (64 × 10 ms and more for the one-at-a-time models). "waiting": 5 models × 5 rounds of 0.5 s
 * warm-up + 2 s window, about 85 s. "echo": 3 models (6 with the workbook's solved exercises) ×
 * 5 rounds of 0.5 s + 1 s, 30 to 50 s; a shorter window because its effect is a hundred-fold. The
 * budgets (95 s and 50 s) keep extra
 * rounds, should a verdict be slow to come, from pushing the class past 3 minutes.
 *
 * <h3>How to run it</h3>
 * <pre>
 * mvn test -Dtest=ThroughputComparisonTest
 * mvn test -Dtest=ThroughputComparisonTest -Dloadlab.seed=42     # repeat an order of trials
 * </pre>
 *
 * <h3>What you should see</h3>
 * One line per trial (round, model, RPS, p99, failures, server CPU per request), then a table per
 * experiment, and a report in {@code target/loadlab/throughput-waiting/index.html} and
 * {@code target/loadlab/throughput-echo/index.html} with the charts. In "waiting", single-threaded
 * and event-loop sit just under 100 RPS with p50 near 64 × 10 ms, while the three concurrent models
 * reach 2,000 to 5,000 RPS (20 to 60 times more) with p50 a little above 10 ms; thread-per-connection
 * peaks at a hundred threads or more, virtual-threads at about 25. In "echo", single-threaded
 * serves several thousand RPS, prefork a little more, and process-per-connection ten to thirty, a
 * few hundred times fewer: its server CPU per request is tens of milliseconds, a JVM start,
 * against about a hundred microseconds. No model fails a request.
 */
@Tag("experiment")
class ThroughputComparisonTest {

    static final String BASELINE = "single-threaded";

    static ExperimentResult waiting;
    static ExperimentResult echo;

    @BeforeAll
    static void runTheExperiments() throws Exception {
        Plan waitingPlan = Plan.named("throughput-waiting")
                .models(BASELINE, "thread-per-connection", "thread-pool", "virtual-threads", "event-loop",
                        "event-loop-offload")
                .compare("thread-pool", BASELINE).compare("virtual-threads", BASELINE)
                .compare("thread-per-connection", BASELINE)
                .rounds(5, 10).budget(Duration.ofSeconds(95)).build();
        ServerConfig sleeping = ServerConfig.defaults().withWork(Work.sleep(Duration.ofMillis(10))).withThreads(64);
        waiting = new Experiment(waitingPlan, sleeping, load(64, Duration.ofMillis(500), Duration.ofSeconds(2))).run();

        List<String> echoModels = new ArrayList<>(List.of(BASELINE, "process-per-connection", "prefork"));
        echoModels.addAll(doneExercises());
        Plan echoPlan = Plan.named("throughput-echo").models(echoModels)
                .compare("process-per-connection", BASELINE)
                .rounds(5, 10).budget(Duration.ofSeconds(50)).build();
        echo = new Experiment(echoPlan, ServerConfig.defaults(), load(8, Duration.ofMillis(500), Duration.ofSeconds(1))).run();
    }

    private static LoadSpec load(int users, Duration warmup, Duration window) {
        return LoadSpec.to(Experiment.ANY_SERVER).closed(users, Double.POSITIVE_INFINITY, ThinkTime.none())
                .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST).warmup(warmup).duration(window).build();
    }

    /** The workbook's server exercises that work: they join the echo experiment like any model. */
    private static List<String> doneExercises() {
        return Models.exercises().stream().map(Models.Model::name)
                .filter(name -> ExerciseStatus.notDone(name).isEmpty()).toList();
    }

    static Stream<String> correctModels() {
        return Stream.concat(Models.correctNames().stream(), Models.exercises().stream().map(Models.Model::name));
    }

    @ParameterizedTest(name = "{0} answers every request correctly, and its RPS is estimated with a CI")
    @MethodSource("correctModels")
    void answersEveryRequestCorrectly(String model) {
        ExerciseStatus.notDone(model).ifPresent(Assumptions::abort);
        ExperimentResult result = resultFor(model);
        Estimate rps = result.rps(model);
        System.out.println(model + " (" + result.name() + "): " + rps + " rps");
        assertThat(result).model(model).hasNoFailures();
        assertThat(rps.n()).as("trials of " + model).isGreaterThanOrEqualTo(5);
        assertThat(rps.min()).as("%s's lowest RPS: it served requests in every trial", model).isPositive();
    }

    static Stream<String> concurrentModels() {
        return Stream.of("thread-pool", "virtual-threads", "thread-per-connection");
    }

    @ParameterizedTest(name = "waiting 10 ms per request, {0} serves more than single-threaded")
    @MethodSource("concurrentModels")
    void waitingConcurrentlyServesMore(String model) {
        System.out.println(waiting.compare(model, BASELINE));
        // The verdict, not the ten-fold of the prediction: on a machine busy with other jobs, 5 rounds
        // gave thread-per-connection an estimate of 16x with an interval reaching down to 2.8x.
        assertThat(waiting).model(model).hasThroughputAbove(BASELINE);
    }

    @Test
    void withoutWorkAJvmPerConnectionServesLessThanOneThread() {
        System.out.println(echo.compare("process-per-connection", BASELINE));
        assertThat(echo).model("process-per-connection").hasThroughputBelow(BASELINE);
    }

    private static ExperimentResult resultFor(String model) {
        for (ExperimentResult r : List.of(waiting, echo)) {
            if (r.models().contains(model)) {
                return r;
            }
        }
        throw new IllegalStateException(model + " is a correct model but in no experiment of this class: add it");
    }
}
