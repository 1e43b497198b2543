package loadlab.exercises;

import java.time.Duration;

/**
 * Exercise 5: predict before you measure.
 *
 * <p>A closed-loop generator (locust, JMeter, loadlab's users) has N users; each sends a request,
 * waits R for the response, thinks Z, and sends again. Each user completes one request per Z + R,
 * so the whole loop completes X = N / (Z + R) requests per second: the interactive response time
 * law. The generator, not the server, sets that ceiling: the seed report's 10,000 users thinking
 * 10 s on average could never send more than 1,000 RPS, whatever the server.
 *
 * <p>A single-threaded server whose work per request takes d serves at most one request per d:
 * 1 / d requests per second, however many clients wait.
 */
public final class Predictions {

    private Predictions() { }

    /** X = N / (Z + R), in requests per second. */
    public static double closedLoopThroughput(int users, double thinkSeconds, double responseSeconds) {
        // BEGIN SOLUTION Exercise 5: return the throughput of a closed loop: users / (think time + response time)
        return users / (thinkSeconds + responseSeconds);
        // END SOLUTION
    }

    /** The response time that a closed loop's throughput implies: R = N / X - Z. */
    public static double impliedResponseSeconds(int users, double thinkSeconds, double throughput) {
        // BEGIN SOLUTION Exercise 5: solve X = N / (Z + R) for R
        return users / throughput - thinkSeconds;
        // END SOLUTION
    }

    /** The most a single-threaded server can serve when each request costs {@code work}: 1 / d. */
    public static double singleThreadedRps(Duration work) {
        // BEGIN SOLUTION Exercise 5: return how many requests per second one thread serves if each takes this long
        return 1e9 / work.toNanos();
        // END SOLUTION
    }
}
