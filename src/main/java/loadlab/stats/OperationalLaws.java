package loadlab.stats;

/**
 * The operational laws that every closed-loop trial must obey, as checks. They need no
 * assumptions about distributions, only bookkeeping, so a trial that breaks one has a
 * measurement bug, and a result that matches one may be the load generator speaking rather
 * than the server.
 *
 * <p>The course's starting point, worked through. Locust ran N = 10,000 users, each thinking
 * {@code between(5, 15)} seconds, so Z = 10 s on average, and the single-process server answered
 * in R = 4.778 s on average. The interactive response time law predicts
 * X = N / (Z + R) = 10,000 / 14.778 = 677 requests per second, and 644.4 were measured:
 * <pre>{@code
 * OperationalLaws.checkInteractive(10_000, 10.0, 4.778, 644.4, 0.05)
 * // interactive response time law X = N / (Z + R): expected 676.7, observed 644.4,
 * //     off by 4.8% (tolerance 5%): holds
 * }</pre>
 * The throughput was set by the users' think time, not by the server: even with R = 0 these
 * users can send at most N / Z = 1,000 requests per second. Little's law adds that about
 * X * R = 644.4 * 4.778 = 3,079 requests were inside the server at any moment, waiting.
 */
public final class OperationalLaws {

    private OperationalLaws() {
    }

    /** Little's law, L = X * R: the mean number of requests in the system. */
    public static double littlesLaw(double throughputPerSec, double meanResponseSec) {
        requireNonNegative("throughput", throughputPerSec);
        requireNonNegative("mean response time", meanResponseSec);
        return throughputPerSec * meanResponseSec;
    }

    /**
     * The interactive response time law, X = N / (Z + R): the throughput that {@code users}
     * closed-loop users produce when each thinks {@code thinkSec} between a response and its
     * next request and waits {@code responseSec} for each response.
     */
    public static double interactiveResponseTime(int users, double thinkSec, double responseSec) {
        if (users < 0) {
            throw new IllegalArgumentException("users must be >= 0, got " + users);
        }
        requireNonNegative("think time", thinkSec);
        requireNonNegative("response time", responseSec);
        if (thinkSec + responseSec == 0) {
            throw new IllegalArgumentException(
                    "think time + response time is 0 s: the law predicts unbounded throughput");
        }
        return users / (thinkSec + responseSec);
    }

    /** Checks a measured mean number in flight against Little's law L = X * R. */
    public static LawCheck checkLittle(double observedMeanInFlight, double throughputPerSec,
            double meanResponseSec, double tolerance) {
        return new LawCheck("Little's law L = X * R",
                littlesLaw(throughputPerSec, meanResponseSec), observedMeanInFlight, tolerance);
    }

    /** Checks a measured throughput against the interactive response time law X = N / (Z + R). */
    public static LawCheck checkInteractive(int users, double thinkSec, double responseSec,
            double observedThroughput, double tolerance) {
        return new LawCheck("interactive response time law X = N / (Z + R)",
                interactiveResponseTime(users, thinkSec, responseSec), observedThroughput,
                tolerance);
    }

    /**
     * The interactive response time law in the form a window can check exactly, N = X (Z + R): over
     * the window, the users thinking on average plus the requests in flight on average (each user
     * waits for one at a time) must add up to the N users. The time a user spends doing neither,
     * in a generator too busy to send, or starting late, is what breaks it.
     */
    public static LawCheck checkUsers(int users, double meanThinking, double meanInFlight, double tolerance) {
        requireNonNegative("users thinking", meanThinking);
        requireNonNegative("requests in flight", meanInFlight);
        return new LawCheck("interactive response time law N = X (Z + R)", users, meanThinking + meanInFlight,
                tolerance);
    }

    private static void requireNonNegative(String what, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(
                    what + " must be a finite number >= 0, got " + value);
        }
    }
}
