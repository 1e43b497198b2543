package loadlab.exercises;

import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import loadlab.experiments.SlowClientsTest;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadGenerator;
import loadlab.load.LoadSpec;
import loadlab.load.RequestTemplate;
import loadlab.load.ThinkTime;
import loadlab.load.TrialResult;
import loadlab.server.EchoServer;

/**
 * Exercise 6's attack: {@value #SLOW_CLIENTS} slow clients, each dripping a request head that never
 * ends, one byte every 100 ms, at a pool of {@value #THREADS} threads, while {@value #FAST_USERS}
 * fast users (the lab's {@link LoadGenerator}: a closed loop, a new connection per request) keep
 * asking. The attack begins {@value #ATTACK_SECOND} s into the fast users' window and lasts to its end.
 *
 * <p>The slow clients come in waves: the first holds every thread, the second waits in the queue
 * behind it, and each is cut a head timeout after the server starts reading it. So a slow client is
 * cut between 0.8 and 3 head timeouts after its first byte, and the fast users are served again within
 * a head timeout per wave plus {@link #SLACK}.
 *
 * <p>The load is SlowClientsTest's: its fast users, their think time, the slow clients' rate (10 bytes a
 * second) and the pool's threads; here twice as many slow clients as threads, so that a second wave
 * waits in the queue. The slow clients are raw sockets rather than the generator's slow users, because
 * the grading says when each one was cut, and what it got.
 */
final class Slowloris {

    /** The server's pool: the threads the slow clients hold. */
    static final int THREADS = SlowClientsTest.POOL_THREADS;
    /** Twice the pool: a wave that holds every thread, and a second waiting behind it. */
    static final int SLOW_CLIENTS = 2 * THREADS;
    static final Duration DRIP_EVERY = Duration.ofNanos(1_000_000_000L / SlowClientsTest.SLOW_RATE);
    static final int FAST_USERS = SlowClientsTest.FAST_USERS;
    static final Duration FAST_THINK = SlowClientsTest.FAST_THINK;
    static final Duration WARMUP = Duration.ofMillis(500);
    static final int ATTACK_SECOND = 1;
    /** For a shared machine's scheduling, on top of the waves' head timeouts. */
    static final Duration SLACK = Duration.ofSeconds(1);
    /** A slow client is cut at about the head timeout: between these multiples of it (the second wave at 2). */
    static final double EARLIEST = 0.8;
    static final double LATEST = 3;
    /** Served again: at least this share of the fast users' answers a second before the attack. */
    static final double SERVED_AGAIN = 0.5;
    /** Why a timeout on each read is no defence; the mutant test looks for it in the failure. */
    static final String WHY = "a timeout per read never trips for a client sending a byte every "
            + DRIP_EVERY.toMillis() + " ms";

    private Slowloris() { }

    /** What the attack did: the fast users' trial, and each slow client's end. */
    record Outcome(TrialResult fast, List<SlowClient.Outcome> slow, Duration headTimeout) {

        /** The fast users served again, none failing, and every slow client cut at about the head timeout. */
        void assertDefended() {
            int second = servedAgainBy(headTimeout);
            long before = fast.series().get(0).successes();
            long after = fast.series().get(second).successes();
            if (after < SERVED_AGAIN * before) {
                fail("%d s after the attack began (second %d), the fast users got %d answers a second, %d before it:"
                        + " the %d slow clients held all %d threads; %s: give the whole head a deadline from its first"
                        + " byte, and answer 408 past it", second - ATTACK_SECOND, second, after, before, SLOW_CLIENTS,
                        THREADS, WHY);
            }
            if (fast.failures() > 0) {
                fail("the fast users had %d failures during the attack (%s): cut only the slow clients; the others"
                        + " wait in the queue", fast.failures(), fast.failuresByCategory());
            }
            for (int i = 0; i < slow.size(); i++) {
                assertCutInTime(i, slow.get(i));
            }
        }

        private void assertCutInTime(int client, SlowClient.Outcome outcome) {
            double limit = headTimeout.toNanos() / 1e9;
            if (outcome.ending() == SlowClient.Ending.NOTHING) {
                fail("slow client %d was still sending its head %.1f s after its first byte, and the head timeout is"
                        + " %s s: %s", client, outcome.seconds(), limit, WHY);
            }
            if (!outcome.cutOff()) {
                fail("slow client %d, whose head never ends, got %s: answer 408 Request Timeout", client, outcome);
            }
            if (outcome.seconds() < EARLIEST * limit) {
                fail("slow client %d was cut off (%s) before its head timeout of %s s had passed: the deadline runs"
                        + " from the head's first byte", client, outcome, limit);
            }
            if (outcome.seconds() > LATEST * limit) {
                fail("slow client %d was cut off (%s), more than %s times the head timeout of %s s after its first"
                        + " byte", client, outcome, LATEST, limit);
            }
        }

        @Override
        public String toString() {
            return "fast users, answers/failures per second: " + fast.series().stream()
                    .map(s -> s.second() + ": " + s.successes() + "/" + s.failures()).collect(Collectors.joining(", "))
                    + "; slow clients: " + slow.stream().map(SlowClient.Outcome::toString).collect(Collectors.joining(", "));
        }
    }

    /** The second of the fast users' window by which they are served again: a head timeout per wave, and the slack. */
    static int servedAgainBy(Duration headTimeout) {
        Duration waves = headTimeout.multipliedBy((SLOW_CLIENTS + THREADS - 1) / THREADS).plus(SLACK);
        return ATTACK_SECOND + (int) Math.ceil(waves.toNanos() / 1e9);
    }

    /** Runs the fast users for a window that ends with the second checked, and the attack from its second on. */
    static Outcome attack(EchoServer server, Duration headTimeout) throws Exception {
        Duration window = Duration.ofSeconds(servedAgainBy(headTimeout) + 1);
        Duration attack = window.minusSeconds(ATTACK_SECOND);
        LoadSpec fastUsers = LoadSpec.to(server.uri())
                .closed(FAST_USERS, Double.POSITIVE_INFINITY, ThinkTime.constant(FAST_THINK))
                .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST)
                .request(RequestTemplate.get().withPath("/fast"))
                .warmup(WARMUP)
                .duration(window)
                .readTimeout(window)
                .build();
        List<byte[]> drips = SlowClient.pieces(headThatNeverEnds(attack), 1);
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            long attackAt = System.nanoTime() + WARMUP.toNanos() + TimeUnit.SECONDS.toNanos(ATTACK_SECOND);
            List<Future<SlowClient.Outcome>> slow = new ArrayList<>();
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                slow.add(clients.submit(() -> {
                    Thread.sleep(Duration.ofNanos(Math.max(0, attackAt - System.nanoTime())));
                    return SlowClient.send(server, drips, DRIP_EVERY, attack);
                }));
            }
            TrialResult fast = LoadGenerator.run(fastUsers); // its window opens as it starts, with attackAt's clock
            List<SlowClient.Outcome> ends = new ArrayList<>();
            for (int i = 0; i < slow.size(); i++) {
                try {
                    ends.add(slow.get(i).get(attack.toSeconds() + 10, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    throw new AssertionError("slow client " + i + ": " + e.getCause(), e.getCause());
                }
            }
            return new Outcome(fast, ends, headTimeout);
        }
    }

    /** A head with more bytes than the attack has drips: it never ends. */
    private static byte[] headThatNeverEnds(Duration attack) {
        int drips = (int) (attack.toMillis() / DRIP_EVERY.toMillis()) + 1;
        return ("GET /slowloris HTTP/1.1\r\nHost: loadlab\r\nX-Slow: " + "s".repeat(drips))
                .getBytes(StandardCharsets.US_ASCII);
    }
}
