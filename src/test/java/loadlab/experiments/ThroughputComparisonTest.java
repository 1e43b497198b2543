package loadlab.experiments;

import static loadlab.experiment.ExperimentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import loadlab.Lab;
import loadlab.experiment.Experiment;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Plan;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadSpec;
import loadlab.load.ThinkTime;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import loadlab.server.Work;
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
 * <p><b>Question.</b> The seed report measured a single process at 644 RPS, multi-process at 274 and
 * multi-thread at 322, and concluded that the single process was the most efficient. Is it?
 *
 * <p><b>Prediction, "waiting"</b> ({@code sleep:20ms}, 64 closed-loop users, a new connection per
 * request). Serving one request at a time, each 20 ms, caps single-threaded at 1 / 20 ms = 50 RPS, and
 * event-loop, which sleeps on its only thread, serves one at a time too: <b>at most
 * {@value #ONE_AT_A_TIME_FACTOR} times single-threaded</b>. The models that wait for many requests at
 * once (thread-pool of 64, virtual-threads, thread-per-connection, event-loop-offload) could serve
 * 64 / 20 ms = 3,200 and are limited by the CPU a connection costs instead: <b>at least
 * {@value #WAITING_FACTOR} times single-threaded</b>.
 * <br><b>Prediction, "echo"</b> (no work, 8 users). A JVM started per connection costs tens of
 * milliseconds of CPU where an echo costs tens of microseconds: process-per-connection serves less
 * (LOWER), <b>at most {@value #ECHO_FACTOR} times</b> single-threaded, a hundredth.
 * <br>Each claim reads the whole 95% repeated interval of the paired ratio, and the runner goes on
 * until the interval clears the claim's factor: ClaimErrorRatesTest gives each claim's false-pass and
 * false-fail rates. Every model answers every request correctly.
 *
 * <p><b>Run</b> {@code mvn test -Dtest=ThroughputComparisonTest} (about 2.5 minutes; {@code
 * -Dloadlab.seed=N} repeats an order). {@link ThroughputComparisonMutantTest} (tag {@code mutant}) shows
 * the main claim failing for a pool that runs 2 threads whatever it is told.
 *
 * <p><b>You should see</b> (2 cores, 2026-12-07, a quiet machine) single-threaded and event-loop at 47
 * RPS with p50 near 64 × 20 ms, the concurrent models at 2,400 to 3,000 (51 to 64 times
 * single-threaded), and process-per-connection at 18 RPS against 10,403 for single-threaded (1/563) and
 * 7,586 for prefork.
 * Reports: target/loadlab/throughput-*. README's "The main experiment" says why a connection per
 * request, why 8 users, and why the claims survive a noisy machine.
 */
@Tag("experiment")
class ThroughputComparisonTest {

    static final String BASELINE = "single-threaded";
    static final Duration WORK = Duration.ofMillis(20);
    static final double ONE_AT_A_TIME_FACTOR = 3;
    static final double WAITING_FACTOR = 10;
    static final double ECHO_FACTOR = 0.01;

    static ExperimentResult waiting;
    static ExperimentResult echo;

    @BeforeAll
    static void runTheExperiments() throws Exception {
        waiting = Lab.run(waiting(Plan.named("throughput-waiting")
                .models(BASELINE, "thread-per-connection", "thread-pool", "virtual-threads", "event-loop", "event-loop-offload")
                .compare("thread-pool", BASELINE, WAITING_FACTOR).compare("virtual-threads", BASELINE, WAITING_FACTOR)
                .compare("thread-per-connection", BASELINE, WAITING_FACTOR)
                .compare("event-loop-offload", BASELINE, WAITING_FACTOR)
                .compare("event-loop", BASELINE, ONE_AT_A_TIME_FACTOR)));

        List<String> echoModels = new ArrayList<>(List.of(BASELINE, "process-per-connection", "prefork"));
        echoModels.addAll(doneExercises());
        Plan echoPlan = Plan.named("throughput-echo").models(echoModels)
                .compare("process-per-connection", BASELINE, ECHO_FACTOR).rounds(4, 8).budget(Duration.ofSeconds(80)).build();
        echo = Lab.run(Experiment.of(echoPlan, ServerConfig.defaults(), load(8, Duration.ofSeconds(1))));
    }

    /** The "waiting" experiment for a plan's models, each with a pool of 64 threads (one per user). */
    static Experiment waiting(Plan.Builder plan) {
        ServerConfig sleeping = ServerConfig.defaults().withWork(Work.sleep(WORK)).withThreads(64);
        return Experiment.of(plan.rounds(5, 8).budget(Duration.ofSeconds(100)).build(), sleeping,
                load(64, Duration.ofMillis(1500)));
    }

    private static LoadSpec load(int users, Duration window) {
        return LoadSpec.to(Experiment.ANY_SERVER).closed(users, Double.POSITIVE_INFINITY, ThinkTime.none())
                .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST).warmup(Duration.ofMillis(500)).duration(window).build();
    }

    /** The workbook's server exercises that work: they join the echo experiment like any model. */
    private static List<String> doneExercises() {
        return Models.exercises().stream().map(Models.Model::name)
                .filter(name -> ExerciseStatus.notDone(name).isEmpty()).toList();
    }

    static Stream<String> correctModels() {
        return Stream.concat(Models.correctNames().stream(), Models.exercises().stream().map(Models.Model::name));
    }

    // Every correct model, and the exercises once they work: every request answered, in every trial.
    @ParameterizedTest(name = "{0} answers every request correctly")
    @MethodSource("correctModels")
    void answersEveryRequestCorrectly(String model) {
        ExerciseStatus.notDone(model).ifPresent(Assumptions::abort);
        ExperimentResult result = resultFor(model);
        System.out.println(model + " (" + result.name() + "): " + result.rps(model) + " rps");
        assertThat(result).model(model).hasNoFailures();
        assertThat(result.rps(model).min()).as("%s's lowest RPS: it served requests in every trial", model).isPositive();
    }

    // "waiting": the loop that sleeps on its only thread serves one at a time, as single-threaded does.
    @Test
    void waitingTheEventLoopServesOneAtATimeAsSingleThreadedDoes() {
        System.out.println(waiting.compare("event-loop", BASELINE));
        assertThat(waiting).model("event-loop").hasThroughputAtMostTimes(ONE_AT_A_TIME_FACTOR, BASELINE);
    }

    static Stream<String> concurrentModels() {
        return Stream.of("thread-pool", "virtual-threads", "thread-per-connection", "event-loop-offload");
    }

    // "waiting": the models that wait for many requests at once serve ten times more, or better.
    @ParameterizedTest(name = "waiting 20 ms per request, {0} serves at least 10 times single-threaded")
    @MethodSource("concurrentModels")
    void waitingConcurrentlyServesTenTimesMore(String model) {
        System.out.println(waiting.compare(model, BASELINE));
        assertThat(waiting).model(model).hasThroughputAtLeastTimes(WAITING_FACTOR, BASELINE);
    }

    // "echo": a JVM per connection serves a hundredth of one thread, or less.
    @Test
    void withoutWorkAJvmPerConnectionServesAHundredthOfOneThread() {
        System.out.println(echo.compare("process-per-connection", BASELINE));
        assertThat(echo).model("process-per-connection").hasThroughputBelow(BASELINE)
                .hasThroughputAtMostTimes(ECHO_FACTOR, BASELINE);
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
