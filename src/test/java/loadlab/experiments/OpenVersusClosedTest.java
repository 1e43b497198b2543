package loadlab.experiments;

import static loadlab.experiment.ExperimentAssertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import loadlab.Lab;
import loadlab.experiment.Arm;
import loadlab.experiment.Experiment;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Plan;
import loadlab.experiment.Trial;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadSpec;
import loadlab.load.ThinkTime;
import loadlab.server.ServerConfig;
import loadlab.server.Work;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * <h2>Open loop or closed loop: the cautionary tale</h2>
 *
 * <p><b>Question.</b> locust runs a closed loop: a user waits for its answer before it sends again.
 * Real visitors arrive at some rate whatever the server does: an open loop. Does it matter?
 *
 * <p><b>Prediction, part 1</b> (single-threaded, {@code sleep:10ms}: capacity at most 1 / 10 ms =
 * 100/s; measured at 88/s in the run of 2026-11-28 in README, the connection per request costing the
 * rest). Open loops at 50, 80 and 95/s (Poisson arrivals) and 110/s (evenly spaced): the mean
 * response time <b>rises from 50 to 80 and to 95/s, and from each to 110/s</b>, where it is <b>more than
 * {@value #OVERLOAD_FACTOR} times</b> the figure at 50/s (the M/D/1 queue: 15, 30, 105 ms, then without bound).
 * At 110/s the queue gains at least 10 requests a second, each waiting 10 ms more than the one before,
 * so the p99 <b>rises by at least {@value #RISE_MILLIS} ms</b> from the window's first second to its
 * third. A closed loop offering the same 110/s (10 users) has at most 10 requests out: its mean
 * response time stays <b>under {@value #CLOSED_BOUND_MILLIS} ms</b> (2 × N × S) and <b>under half</b> the
 * open loop's; its users slow down instead.
 * <br><b>Prediction, part 2: coordinated omission</b> (no work, the server frozen for 1 s mid-window).
 * An open loop at 200/s with at most {@value #OPEN_IN_FLIGHT} requests in flight (wrk2's few connections)
 * keeps its schedule: the 200 requests due during the freeze wait, and timed from each intended send,
 * its <b>p99 is above {@value #OPEN_P99_MILLIS} ms</b>; timed from the actual send, as wrk does, the same
 * run's <b>p99 is under {@value #CLOSED_P99_MILLIS} ms</b>. A closed loop of 2 users at about the same rate
 * has only 2 requests stuck in the freeze: its <b>p99 stays under {@value #CLOSED_P99_MILLIS} ms</b> while
 * its <b>max is above {@value #CLOSED_MAX_MILLIS} ms</b>. Percentiles not timed from the schedule hide the stall.
 *
 * <p><b>Run</b> {@code mvn test -Dtest=OpenVersusClosedTest} (about 65 s).
 *
 * <p><b>You should see</b> mean response times of about 15-20, 30-60 and 100-300 ms, then several
 * hundred rising second by second at 110/s; 30-50 ms for the closed loop. Then the open loop's p99 at
 * 1 s (uncorrected: a few ms), the closed loop's a few ms with a max of 1 s. Reports: target/loadlab/open-versus-closed/ and
 * coordinated-omission/.
 */
@Tag("experiment")
class OpenVersusClosedTest {

    static final Duration WORK = Duration.ofMillis(10);
    static final double[] POISSON_RATES = {50, 80, 95};
    static final double OVERLOAD_RATE = 110;
    static final int CLOSED_USERS = 10;
    static final Duration LOADED = Duration.ofSeconds(3);
    static final Duration FROZEN = Duration.ofSeconds(3);
    static final String OVERLOAD = "open-110";
    static final String CLOSED = "closed-110";
    static final String OPEN_FROZEN = "open-frozen";
    static final String CLOSED_FROZEN = "closed-frozen";
    static final double OVERLOAD_FACTOR = 5;
    static final double RISE_MILLIS = 200;
    static final double CLOSED_BOUND_MILLIS = 2 * CLOSED_USERS * 10;
    static final double OPEN_P99_MILLIS = 500;
    static final double CLOSED_P99_MILLIS = 200;
    static final double CLOSED_MAX_MILLIS = 900;
    static final int OPEN_IN_FLIGHT = 4;

    static ExperimentResult loads;
    static ExperimentResult frozen;

    @BeforeAll
    static void runTheExperiments() throws Exception {
        ServerConfig sleeping = ServerConfig.defaults().withWork(Work.sleep(WORK));
        List<Arm> arms = new ArrayList<>();
        for (double rate : POISSON_RATES) {
            arms.add(Arm.of(open(rate), "single-threaded", sleeping, window(LoadSpec.to(Experiment.ANY_SERVER).open(rate, true, 1000), LOADED)));
        }
        arms.add(Arm.of(OVERLOAD, "single-threaded", sleeping,
                window(LoadSpec.to(Experiment.ANY_SERVER).open(OVERLOAD_RATE, false, 1000), LOADED)));
        double think = CLOSED_USERS / OVERLOAD_RATE - WORK.toNanos() / 1e9; // N / (Z + S) = 110
        arms.add(Arm.of(CLOSED, "single-threaded", sleeping, window(LoadSpec.to(Experiment.ANY_SERVER)
                .closed(CLOSED_USERS, Double.POSITIVE_INFINITY, ThinkTime.exponential(Duration.ofNanos(Math.round(think * 1e9)))), LOADED)));
        loads = Lab.run(Experiment.of(Plan.named("open-versus-closed").arms(arms).rounds(2, 2).budget(Duration.ofSeconds(60)).build(), arms));

        ServerConfig echo = ServerConfig.defaults();
        FrozenServer freeze = new FrozenServer(Duration.ofSeconds(1), Duration.ofSeconds(1));
        List<Arm> stalls = List.of(
                Arm.of(OPEN_FROZEN, "single-threaded", echo, window(LoadSpec.to(Experiment.ANY_SERVER).open(200, false, OPEN_IN_FLIGHT), FROZEN))
                        .disturbedBy(freeze),
                Arm.of(CLOSED_FROZEN, "single-threaded", echo, window(LoadSpec.to(Experiment.ANY_SERVER).closed(2, Double.POSITIVE_INFINITY,
                        ThinkTime.constant(Duration.ofMillis(10))), FROZEN)).disturbedBy(freeze));
        frozen = Lab.run(Experiment.of(Plan.named("coordinated-omission").arms(stalls).rounds(2, 2).budget(Duration.ofSeconds(30)).build(), stalls));
        printFigures();
    }

    static String open(double rate) {
        return String.format(Locale.ROOT, "open-%.0f", rate);
    }

    private static LoadSpec window(LoadSpec.Builder load, Duration window) {
        return load.mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST).warmup(Duration.ofMillis(500)).duration(window).build();
    }

    @Test
    void everyRequestIsAnswered() {
        for (ExperimentResult r : List.of(loads, frozen)) {
            r.models().forEach(arm -> assertThat(r).model(arm).hasNoFailures());
        }
    }

    // Queueing: the wait grows with the load; at 110/s it has no bound. (With a connection per request
    // this server measured 88/s, not 100: 95/s is already past it, and its queue grows within the window.)
    @Test
    void openLoopResponseTimeClimbsWithTheArrivalRate() {
        assertThat(loads).model(open(80)).hasMeanResponseAboveTimes(1, open(50));
        assertThat(loads).model(open(95)).hasMeanResponseAboveTimes(1, open(50));
        assertThat(loads).model(OVERLOAD).hasMeanResponseAboveTimes(1, open(80)).hasMeanResponseAboveTimes(1, open(95))
                .hasMeanResponseAboveTimes(OVERLOAD_FACTOR, open(50));
    }

    // A slower server only makes the queue grow faster: the floor of 10/s × 10 ms × 2 s holds under any noise.
    @Test
    void aboveCapacityTheResponseTimeGrowsDuringTheRun() {
        assertThat(loads).model(OVERLOAD).hasP99RisingDuringTheWindowBy(RISE_MILLIS);
    }

    @Test
    void aClosedLoopAtTheSameLoadStaysBounded() {
        assertThat(loads).model(CLOSED).hasMeanResponseBelowMillis(CLOSED_BOUND_MILLIS);
        assertThat(loads).model(OVERLOAD).hasMeanResponseAboveTimes(2, CLOSED);
    }

    @Test
    void theOpenLoopsCorrectedP99ShowsTheFreezeThatTheClosedLoopHides() {
        assertThat(frozen).model(OPEN_FROZEN).hasLatencyAbove(99, OPEN_P99_MILLIS).hasUncorrectedLatencyBelow(99, CLOSED_P99_MILLIS);
        assertThat(frozen).model(CLOSED_FROZEN).hasLatencyAbove(100, CLOSED_MAX_MILLIS).hasLatencyBelow(99, CLOSED_P99_MILLIS);
    }

    private static void printFigures() {
        System.out.println();
        System.out.println("response time against offered load (single-threaded, sleep:10ms), median over trials:");
        double capacity = loads.rps(CLOSED).median(); // the saturated closed loop measures it
        System.out.printf(Locale.ROOT, "  capacity measured by the saturated closed loop: %.1f/s%n", capacity);
        System.out.printf(Locale.ROOT, "  %-12s %6s %10s %14s %16s %18s%n", "arm", "rho", "RPS", "mean R (ms)", "p99 (ms)",
                "p99 per second (ms)");
        for (String arm : loads.models()) {
            Trial last = loads.trials(arm).get(loads.trials(arm).size() - 1);
            String rho = arm.startsWith("open-")
                    ? String.format(Locale.ROOT, "%.2f", Double.parseDouble(arm.substring(5)) / capacity) : "";
            System.out.printf(Locale.ROOT, "  %-12s %6s %10.1f %14.1f %16.1f   %s%n", arm, rho, loads.rps(arm).median(),
                    loads.meanLatencyMicros(arm) / 1e3, loads.latencyMicros(arm, 99) / 1e3,
                    Arrays.toString(last.measurement().load().series().stream().mapToLong(s -> Math.round(s.p99Micros() / 1e3)).toArray()));
        }
        System.out.println("a server frozen for 1 s, median over trials:");
        for (String arm : frozen.models()) {
            System.out.printf(Locale.ROOT, "  %-14s p50 %8.1f ms  p99 %8.1f ms  (uncorrected p99 %8.1f ms)  max %8.1f ms%n", arm,
                    frozen.latencyMicros(arm, 50) / 1e3, frozen.latencyMicros(arm, 99) / 1e3,
                    frozen.medianOverTrials(arm, t -> t.measurement().load().uncorrectedLatencyAt(99)) / 1e3,
                    frozen.latencyMicros(arm, 100) / 1e3);
        }
    }
}
