package loadlab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import loadlab.experiment.Experiment;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Second;
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
 * <p><b>Question.</b> locust, like most load tools, runs a closed loop: a user waits for its
 * response before it sends again. Real users of a web site do not wait for each other: they
 * arrive at some rate whatever the server is doing, an open loop. Does the difference matter?
 *
 * <p><b>Hypothesis.</b> In an open loop the server must keep up or fall behind. A server that
 * serves one request at a time in S = 10 ms has a capacity of about 1 / S = 100 requests per
 * second. Below it, requests wait only when they happen to arrive together: with random (Poisson)
 * arrivals at a fraction ρ of capacity the mean response time is S (1 + ρ / (2 (1 − ρ))) for a
 * fixed service time (the M/D/1 queue), 15 ms at ρ = 0.5, 30 ms at 0.8, 105 ms at 0.95, and
 * <b>without bound</b> as ρ reaches 1. Above capacity the queue grows by the excess every second,
 * for as long as the run lasts. A closed loop cannot do that: N users have at most N requests
 * out, so the response time is at most about N × S however hard they "push"; the users slow down
 * instead. The closed loop hides the overload by taking part in it.
 *
 * <p><b>Prediction, part 1</b> (single-threaded, {@code sleep:10ms}, a new connection per
 * request). Open loops with Poisson arrivals at 50, 80, 95 and 110 requests per second: 50% to
 * 110% of the nominal capacity 1 / S. The real capacity is lower, since each request also pays
 * for its connection and for a late wake-up on a busy machine; the closed loop below, saturated,
 * measures it, and the test prints each arm's ρ against it. The mean response time <b>rises from
 * 50/s to 80/s and to 95/s, and from each of those to 110/s</b>, where it is <b>more than 5 times</b>
 * the figure at 50/s (M/D/1 and the backlog predict some twenty times for this window), and at
 * 110/s it <b>grows during the run</b>: the queue gains at least 10 requests a second, so the p99
 * of the window's last second is at least 200 ms above its first second's (asserted: 100 ms). 80 against 95 is not asserted: on a busy machine the capacity fell to 75/s, both
 * were then above it, and which queue grows faster within 2.5 s is left to chance. A closed loop
 * offering the same 110/s (10 users, exponential think time of 80.9 ms, so N / (Z + S) = 110)
 * stays <b>bounded</b>: mean response time under 2 × N × S = 200 ms (at most N requests ahead of
 * each, doubled because a busy machine stretched each request to 18 ms: capacity 56/s), and under
 * half the open loop's at 110/s; its users slow down instead, and its RPS settles at the capacity.
 *
 * <p><b>Prediction, part 2: coordinated omission</b> (single-threaded, no work, a new connection
 * per request, the server frozen for 1 s in the middle of a 3 s window; see
 * {@link FrozenServerTrial}). An open loop at 200/s keeps its schedule through the freeze: the
 * 200 requests meant for that second wait up to 1 s each, timed from when they were meant to be
 * sent, about a third of the window's requests, so its <b>p99 is above 0.5 s</b> (expected: about
 * 1 s). A closed loop of 2 users thinking 10 ms (about the same 200/s) has 2 requests stuck in the
 * freeze and sends nothing else meanwhile: 2 slow requests among some 400, so its <b>p99 stays under
 * 0.2 s</b> (expected: a few milliseconds) while its <b>max is above 0.9 s</b>: the freeze did
 * happen, and the closed loop's percentiles do not show it. Gil Tene named this coordinated
 * omission: the generator coordinates with the server and omits the samples that would have
 * shown the stall.
 *
 * <p><b>Why the claims hold on a noisy 2-core machine.</b> Sleep paces part 1, and the ratios
 * asserted (5 against about 20, a rise of 100 ms against at least 200, a bound of 2 N × S against about N × S / 3)
 * leave room for a machine whose noise adds milliseconds. In part 2 the freeze (1 s) is hundreds
 * of times the echo's response time. Figures are the median over the trials of each arm.
 *
 * <p><b>Budget: about 60 s.</b> Part 1: 5 arms × 2 rounds of a fresh server, a 0.5 s warm-up and
 * a 2.5 s window, plus the backlog still owed above capacity; part 2: 2 arms × 2 rounds with a
 * 3 s window.
 *
 * <h3>How to run it</h3>
 * <pre>
 * mvn test -Dtest=OpenVersusClosedTest
 * </pre>
 *
 * <h3>What you should see</h3>
 * On a quiet machine, mean response times of about 15-20 ms, 30-60 ms, 100-300 ms and several
 * hundred ms for the open loops, the last rising second by second; about 30-50 ms for the closed
 * loop, whose RPS settles at the server's capacity instead. Then the frozen server: the open loop's
 * p99 at 1 s or more, the closed loop's some milliseconds with a max of 1 s. The reports are in
 * {@code target/loadlab/open-versus-closed/index.html} and
 * {@code target/loadlab/coordinated-omission/index.html}.
 */
@Tag("experiment")
class OpenVersusClosedTest {

    static final Duration WORK = Duration.ofMillis(10);
    static final double[] RATES = {50, 80, 95, 110};
    static final int CLOSED_USERS = 10;
    static final Duration LOADED = Duration.ofMillis(2500);
    static final Duration FROZEN = Duration.ofSeconds(3);
    static final String CLOSED = "closed-110";
    static final String OPEN_FROZEN = "open-frozen";
    static final String CLOSED_FROZEN = "closed-frozen";

    static ExperimentResult loads;
    static ExperimentResult frozen;

    @BeforeAll
    static void runTheExperiments() throws Exception {
        ServerConfig sleeping = ServerConfig.defaults().withWork(Work.sleep(WORK));
        Arms arms = new Arms();
        for (double rate : RATES) {
            arms.add(open(rate), "single-threaded", sleeping, window(LoadSpec.to(Experiment.ANY_SERVER).open(rate, true, 1000), LOADED));
        }
        double think = CLOSED_USERS / RATES[RATES.length - 1] - WORK.toNanos() / 1e9; // N / (Z + S) = 110
        arms.add(CLOSED, "single-threaded", sleeping, window(LoadSpec.to(Experiment.ANY_SERVER)
                .closed(CLOSED_USERS, Double.POSITIVE_INFINITY, ThinkTime.exponential(Duration.ofNanos(Math.round(think * 1e9)))), LOADED));
        loads = arms.run(arms.plan("open-versus-closed").rounds(2, 2).budget(Duration.ofSeconds(60)).build());

        ServerConfig echo = ServerConfig.defaults();
        LoadSpec openLoad = window(LoadSpec.to(Experiment.ANY_SERVER).open(200, false, 1000), FROZEN);
        LoadSpec closedLoad = window(LoadSpec.to(Experiment.ANY_SERVER).closed(2, Double.POSITIVE_INFINITY,
                ThinkTime.constant(Duration.ofMillis(10))), FROZEN);
        Duration into = Duration.ofSeconds(1);
        Duration length = Duration.ofSeconds(1);
        String note = "; the server frozen (SIGSTOP) 1s into the window for 1s";
        Arms stalls = new Arms()
                .add(OPEN_FROZEN, "single-threaded", echo, openLoad, new FrozenServerTrial(echo, openLoad, into, length), note)
                .add(CLOSED_FROZEN, "single-threaded", echo, closedLoad, new FrozenServerTrial(echo, closedLoad, into, length), note);
        frozen = stalls.run(stalls.plan("coordinated-omission").rounds(2, 2).budget(Duration.ofSeconds(30)).build());
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
            for (String arm : r.models()) {
                assertThat(r.failures(arm)).as("failures of %s: %s", arm, r.trials(arm).stream()
                        .map(t -> t.measurement().failureExamples()).toList()).isZero();
            }
        }
    }

    @Test
    void openLoopResponseTimeClimbsWithTheArrivalRate() {
        double r50 = meanResponseMillis(loads, open(50));
        double r80 = meanResponseMillis(loads, open(80));
        double r95 = meanResponseMillis(loads, open(95));
        double r110 = meanResponseMillis(loads, open(110));
        String all = String.format(Locale.ROOT, "mean response times (ms) at 50, 80, 95, 110/s: %.1f, %.1f, %.1f, %.1f",
                r50, r80, r95, r110);
        // 80 against 95 is not asserted: on a busy machine the capacity can fall below 80/s, and then
        // both queues grow without bound and which grows faster within 2.5 s is left to chance.
        assertThat(r80).as(all).isGreaterThan(r50).isLessThan(r110);
        assertThat(r95).as(all).isGreaterThan(r50).isLessThan(r110);
        assertThat(r110).as("%s: at 110/s against 5 × the figure at 50/s", all).isGreaterThan(5 * r50);
    }

    @Test
    void aboveCapacityTheResponseTimeGrowsDuringTheRun() {
        // Sleep caps single-threaded at 100/s, so at 110/s the queue grows by at least 10 requests a
        // second, and each waits 10 ms more than the one before: from the window's first second to its
        // last (2 s later) the p99 must rise by 200 ms or more. Asserted: 100 ms, half of that floor.
        // A difference and not a ratio, because the queue left by the warm-up sets the first second.
        double growthMillis = median(loads.trials(open(110)), t -> {
            List<Second> seconds = t.measurement().series();
            return (seconds.get(seconds.size() - 1).p99Micros() - seconds.get(0).p99Micros()) / 1e3;
        });
        assertThat(growthMillis).as("rise of the p99 (ms) from the window's first second to its last, at 110/s "
                + "(median over trials)").isGreaterThan(100);
    }

    @Test
    void aClosedLoopAtTheSameLoadStaysBounded() {
        double bound = 2 * CLOSED_USERS * WORK.toMillis();
        assertThat(meanResponseMillis(loads, CLOSED)).as("mean response time (ms) of %s, against 2 × N × S", CLOSED)
                .isLessThan(bound);
        assertThat(meanResponseMillis(loads, open(110))).as("mean response time (ms) of the open loop at the same 110/s")
                .isGreaterThan(2 * meanResponseMillis(loads, CLOSED));
    }

    @Test
    void theOpenLoopsCorrectedP99ShowsTheFreezeThatTheClosedLoopHides() {
        double openP99 = frozen.latencyMicros(OPEN_FROZEN, 99) / 1e3;
        double closedP99 = frozen.latencyMicros(CLOSED_FROZEN, 99) / 1e3;
        double closedMax = median(frozen.trials(CLOSED_FROZEN), t -> t.measurement().latency().maxMicros()) / 1e3;
        assertThat(openP99).as("open loop, p99 from the intended send (ms)").isGreaterThan(500);
        assertThat(closedMax).as("closed loop, max (ms): the freeze did happen").isGreaterThan(900);
        assertThat(closedP99).as("closed loop, p99 (ms): and its percentiles hide it").isLessThan(200);
    }

    static double meanResponseMillis(ExperimentResult r, String arm) {
        return median(r.trials(arm), t -> t.measurement().latency().meanMicros()) / 1e3;
    }

    static double median(List<Trial> trials, ToDoubleFunction<Trial> figure) {
        double[] values = trials.stream().mapToDouble(figure).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
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
                    meanResponseMillis(loads, arm), loads.latencyMicros(arm, 99) / 1e3,
                    Arrays.toString(last.measurement().series().stream().mapToLong(s -> Math.round(s.p99Micros() / 1e3)).toArray()));
        }
        System.out.println("a server frozen for 1 s, median over trials:");
        for (String arm : frozen.models()) {
            System.out.printf(Locale.ROOT, "  %-14s p50 %8.1f ms  p99 %8.1f ms  (uncorrected p99 %8.1f ms)  max %8.1f ms%n", arm,
                    frozen.latencyMicros(arm, 50) / 1e3, frozen.latencyMicros(arm, 99) / 1e3,
                    median(frozen.trials(arm), t -> t.measurement().uncorrectedLatency().p99Micros()) / 1e3,
                    median(frozen.trials(arm), t -> t.measurement().latency().maxMicros()) / 1e3);
        }
    }
}
