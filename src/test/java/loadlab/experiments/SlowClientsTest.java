package loadlab.experiments;

import static loadlab.experiment.ExperimentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import loadlab.Lab;
import loadlab.experiment.Arm;
import loadlab.experiment.Experiment;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Plan;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadSpec;
import loadlab.load.SecondSample;
import loadlab.load.ThinkTime;
import loadlab.load.TrialResult;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * <h2>Slow clients: who waits for them?</h2>
 *
 * <p><b>Question.</b> A few clients send their request a byte at a time (slowloris), or read a large
 * response a kilobyte a second (a phone on a bad network). What happens to the fast users beside them?
 *
 * <p><b>Prediction.</b> {@value #FAST_USERS} fast users (a new connection per request, 10 ms of think
 * time); slow clients arrive {@value #ATTACK_AT_MILLIS} ms into the window and send their heads at
 * {@value #SLOW_RATE} bytes a second. Every server's head deadline is {@value #DEADLINE_SECONDS} s:
 * each slow client is cut then (408), never served.
 * <ul>
 *   <li>thread-pool with T = {@value #POOL_THREADS} threads (and a queue) and K = T slow clients, and single-threaded
 *       with one: the slow clients hold every thread, so <b>no fast request issued in the second after
 *       they arrive is served</b>; once the deadline has cut them the fast users are served again, each
 *       second <b>at least {@value #RECOVERED_SHARE} of their rate before</b>. The same with K slow
 *       readers of a {@value #LARGE_BODY_KIB} KiB echo against thread-pool whose send buffers are 64 KiB: a
 *       blocked write holds a thread as a blocked read does, until the write deadline (one idle timeout,
 *       {@value #DEADLINE_SECONDS} s) cuts it. (With the kernel's own send buffers, which grow to 4 MiB, the
 *       kernel takes the whole response and no thread waits: that is why the buffer is set here.)</li>
 *   <li>event-loop and virtual-threads with {@value #MANY_SLOW} slowloris clients: a waiting connection
 *       costs them no thread, so they serve the fast users at <b>no less than {@value #KEEPS_SHARE} of their
 *       rate</b> without slow clients (the whole 95% repeated interval of the paired ratio: the precision
 *       3 to 5 rounds support when a busy machine can take up to half of any trial, ClaimErrorRatesTest),
 *       with <b>at most {@value #FLAT_THREADS} more platform threads</b> (the median over trials) than
 *       without them. {@code SlowClientsMutantTest} runs thread-per-connection as event-loop: it keeps
 *       serving too, with its unbounded threads, and the thread count is what catches it.</li>
 * </ul>
 *
 * <p><b>Run</b> {@code mvn test -Dtest=SlowClientsTest} (about 80 s).
 *
 * <p><b>You should see</b> thread-pool's fast users served 0 times in second 2, about 350 times a second
 * before and after; single-threaded the same; event-loop and virtual-threads at about 1.0 of themselves.
 * Exercise 6 (head-deadline) is graded with this load.
 */
@Tag("experiment")
public class SlowClientsTest {

    /** The load, shared with exercise 6's grading: fast users, their think time, the slow clients' rate, the pool. */
    public static final int FAST_USERS = 4;
    public static final Duration FAST_THINK = Duration.ofMillis(10);
    public static final long SLOW_RATE = 10;
    public static final int POOL_THREADS = 4;
    /**
     * A queue, so that a slow client arriving while a fast request has a thread waits a moment for it,
     * rather than being refused (with no queue, one in a CI run got 503 and left a thread free); the
     * fast users then wait behind the slow ones, and their 500 ms read timeout runs out.
     */
    static final int POOL_QUEUE = 64;
    static final long DEADLINE_SECONDS = 2;
    static final long ATTACK_AT_MILLIS = 1500;
    static final int MANY_SLOW = 16;
    static final int LARGE_BODY_KIB = 256;
    static final long SLOW_READ_RATE = 1024;
    /**
     * The server's send buffer for the slow readers: Linux would grow it to 4 MiB (net.ipv4.tcp_wmem),
     * and take a whole 256 KiB response off the server's hands, however slowly the client reads.
     */
    static final int SEND_BUFFER = 64 * 1024;
    static final double RECOVERED_SHARE = 0.5;
    static final double KEEPS_SHARE = 0.3;
    /** Platform threads a server may add while it holds the slowloris clients: half of one per client. */
    static final int FLAT_THREADS = 8;
    /** Fast requests issued in this second of the window all meet the slow clients: they came at 1.5 s and hold on until 3.5 s. */
    static final int BLOCKED_SECOND = 2;
    /** From here on the deadline has cut them (3.5 s), with half a second to spare. */
    static final int RECOVERED_FROM = 4;
    static final Duration TIMELINE = Duration.ofSeconds(6);
    /** The comparison's window: the slow clients come a quarter of a second in, and are cut in it. */
    static final Duration WINDOW = Duration.ofMillis(2500);
    static final Duration KEEPS_ATTACK_AT = Duration.ofMillis(250);

    static ExperimentResult keeps;
    static final List<SlowClientsAttack> keepsAttacks = new ArrayList<>();
    static TrialResult pool;
    static TrialResult single;
    static TrialResult poolWrites;
    static SlowClientsAttack poolAttack;
    static SlowClientsAttack singleAttack;
    static SlowClientsAttack readersAttack;

    /** Every server: the head deadline, and the idle timeout that is also the write deadline, both 2 s. */
    static ServerConfig server() {
        Duration deadline = Duration.ofSeconds(DEADLINE_SECONDS);
        return ServerConfig.defaults().withHeadTimeout(deadline).withIdleTimeout(deadline);
    }

    /** The fast users: a new connection each request, 10 ms of think time, a read timeout shorter than a second. */
    static LoadSpec fast(Duration window) {
        return LoadSpec.to(Experiment.ANY_SERVER).closed(FAST_USERS, Double.POSITIVE_INFINITY, ThinkTime.constant(FAST_THINK))
                .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST).readTimeout(Duration.ofMillis(500))
                .warmup(Duration.ofMillis(500)).duration(window).build();
    }

    /**
     * {@code k} slowloris clients, {@code at} into the window; they wait for an answer to the window's end,
     * so that a server without a head deadline stays held to the end.
     */
    static SlowClientsAttack slowloris(int k, Duration at, Duration window) {
        Duration toTheEnd = window.minus(at);
        Duration pastTheDeadline = Duration.ofSeconds(DEADLINE_SECONDS).plusMillis(500); // time for the 408 to come
        return SlowClientsAttack.slowloris(k, SLOW_RATE, at, toTheEnd.compareTo(pastTheDeadline) > 0 ? toTheEnd : pastTheDeadline);
    }

    @BeforeAll
    static void runTheExperiment() throws Exception {
        List<Arm> arms = new ArrayList<>();
        for (String model : List.of("event-loop", "virtual-threads")) {
            arms.addAll(keepsArms(model, model));
        }
        keeps = Lab.run(keeps("slow-clients", arms));

        Duration at = Duration.ofMillis(ATTACK_AT_MILLIS);
        poolAttack = slowloris(POOL_THREADS, at, TIMELINE);
        pool = Lab.validTrial(Arm.of("thread-pool, " + POOL_THREADS + " slowloris", "thread-pool",
                server().withThreads(POOL_THREADS).withQueue(POOL_QUEUE), fast(TIMELINE)).disturbedBy(poolAttack)).load();
        singleAttack = slowloris(1, at, TIMELINE);
        single = Lab.validTrial(Arm.of("single-threaded, 1 slowloris", "single-threaded", server(), fast(TIMELINE))
                .disturbedBy(singleAttack)).load();
        readersAttack = SlowClientsAttack.slowReaders(POOL_THREADS, SLOW_READ_RATE, LARGE_BODY_KIB * 1024, at, TIMELINE.minus(at));
        poolWrites = Lab.validTrial(Arm.of("thread-pool, " + POOL_THREADS + " slow readers", "thread-pool",
                server().withThreads(POOL_THREADS).withQueue(POOL_QUEUE).withSendBuffer(SEND_BUFFER), fast(TIMELINE))
                .disturbedBy(readersAttack)).load();
    }

    /**
     * The fast users against {@code label} alone and beside {@value #MANY_SLOW} slowloris clients, with
     * {@code model} running under that label (the mutant runs a thread per connection as event-loop).
     */
    static List<Arm> keepsArms(String label, String model) {
        SlowClientsAttack attack = slowloris(MANY_SLOW, KEEPS_ATTACK_AT, WINDOW);
        keepsAttacks.add(attack);
        return List.of(Arm.of(label, model, server(), fast(WINDOW)),
                Arm.of(attacked(label), model, server(), fast(WINDOW)).disturbedBy(attack));
    }

    /** The comparison of each pair of arms: the attacked against the same model alone. */
    static Experiment keeps(String name, List<Arm> arms) {
        Plan.Builder plan = Plan.named(name).arms(arms).rounds(3, 5).budget(Duration.ofSeconds(60));
        arms.stream().map(Arm::label).filter(label -> !label.endsWith("slowloris"))
                .forEach(label -> plan.compare(attacked(label), label, KEEPS_SHARE));
        return Experiment.of(plan.build(), arms);
    }

    static String attacked(String model) {
        return model + " + " + MANY_SLOW + " slowloris";
    }

    static Stream<String> unaffected() {
        return Stream.of("event-loop", "virtual-threads");
    }

    // A slow client waiting costs a selector key or a parked virtual thread: the fast users don't notice.
    @ParameterizedTest(name = "{0} serves its fast users at 0.3 or more of their rate beside 16 slowloris clients")
    @MethodSource("unaffected")
    void aServerThatDoesNotGiveEachConnectionAThreadKeepsServing(String model) {
        System.out.println(keeps.compare(attacked(model), model));
        assertThat(keeps).model(attacked(model)).hasNoFailures().hasThroughputAtLeastTimes(KEEPS_SHARE, model);
    }

    // ... because a slow client waiting costs them no platform thread, where a thread per connection costs one each.
    @ParameterizedTest(name = "{0} holds 16 slowloris clients with at most 8 more platform threads")
    @MethodSource("unaffected")
    void aWaitingSlowClientCostsNoThread(String model) {
        aWaitingSlowClientCostsNoThread(keeps, model);
    }

    static void aWaitingSlowClientCostsNoThread(ExperimentResult keeps, String model) {
        double with = keeps.medianOverTrials(attacked(model), t -> t.measurement().resources().peakThreads());
        double without = keeps.medianOverTrials(model, t -> t.measurement().resources().peakThreads());
        assertThat(with - without).as("%s's platform threads with %d slowloris clients (%.0f, the median of its trials) "
                + "against without (%.0f): a thread per waiting client would add %d", model, MANY_SLOW, with, without, MANY_SLOW)
                .isLessThanOrEqualTo(FLAT_THREADS);
    }

    // The head deadline cuts every slowloris client, whatever the model: 408, never an answer.
    @Test
    void everySlowlorisClientIsCutAtTheHeadDeadline() {
        List<SlowClientsAttack> all = new ArrayList<>(keepsAttacks);
        all.addAll(List.of(poolAttack, singleAttack));
        for (SlowClientsAttack attack : all) {
            TrialResult slow = attack.result().slowUsers();
            assertThat(slow.requests()).as(attack.toString()).isEqualTo(attack.clients());
            assertThat(slow.failuresByStatus()).as(attack + ": " + slow.failureExamples()).containsOnlyKeys(408);
        }
    }

    // K = T slowloris clients hold every thread of the pool until the deadline; then it serves again.
    @Test
    void aThreadPoolOfTThreadsStopsForTSlowlorisClientsUntilTheHeadDeadline() {
        assertBlockedThenRecovered("thread-pool, " + POOL_THREADS + " slowloris", pool);
    }

    // One slowloris client holds single-threaded's only thread.
    @Test
    void singleThreadedStopsForOneSlowlorisClientUntilTheHeadDeadline() {
        assertBlockedThenRecovered("single-threaded, 1 slowloris", single);
    }

    // The same for writes: T slow readers of a large echo hold the pool's threads until the write deadline.
    @Test
    void aThreadPoolOfTThreadsStopsForTSlowReadersUntilTheWriteDeadline() {
        assertBlockedThenRecovered("thread-pool, " + POOL_THREADS + " slow readers", poolWrites);
        TrialResult readers = readersAttack.result().slowUsers();
        assertThat(readers.successes()).as("slow readers served whole: %s", readers.failureExamples()).isZero();
        assertThat(readers.requests()).isEqualTo(POOL_THREADS);
    }

    static void assertBlockedThenRecovered(String what, TrialResult fast) {
        List<SecondSample> series = fast.series();
        StringBuilder line = new StringBuilder("  " + what + ", fast successes by second:");
        series.forEach(s -> line.append(' ').append(s.successes()));
        System.out.println(line);
        long before = series.get(0).successes();
        assertThat(before).as("%s: fast requests served in second 0, before the slow clients", what).isPositive();
        assertThat(series.get(BLOCKED_SECOND).successes()).as("%s: fast requests served in second %d, with the slow"
                + " clients holding every thread", what, BLOCKED_SECOND).isZero();
        IntStream.range(RECOVERED_FROM, series.size()).forEach(s -> assertThat(series.get(s).successes())
                .as("%s: fast requests served in second %d, after the deadline, against %d before", what, s, before)
                .isGreaterThanOrEqualTo((long) Math.ceil(RECOVERED_SHARE * before)));
    }
}
