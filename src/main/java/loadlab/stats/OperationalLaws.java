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
 *
 * <p>A check is worth as much as its tolerance. A flat 5% lets the student's run pass; over its
 * 60 s window chance accounts for 1% at most ({@link #checkInteractive(ClosedWindow, double, double, double)}),
 * so the 4.8% is something the figures leave out: time the users spent neither thinking nor
 * waiting. And a law only checks a measurement when its two sides come from different
 * instruments: Little's law in loadlab compares a counter of the requests in flight with X * R
 * from the recorded per-request times, not two sums of the same timestamps.
 */
public final class OperationalLaws {

    /** The interactive response time law's name in a {@link LawCheck}, as checks look it up. */
    public static final String INTERACTIVE = "interactive response time law X = N / (Z + R)";

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
        return new LawCheck(INTERACTIVE, interactiveResponseTime(users, thinkSec, responseSec), observedThroughput,
                tolerance);
    }

    /**
     * One closed-loop window's figures, for the interactive response time law: {@code users} users
     * whose think time has mean {@code thinkSeconds} and standard deviation {@code thinkSdSeconds} as
     * configured, and whose think times drawn after the window's requests averaged
     * {@code drawnThinkSeconds}; the {@code requests} they sent in the window took
     * {@code responseSeconds} on average (standard deviation {@code responseSdSeconds}), and the
     * window lasted {@code windowSeconds}.
     */
    public record ClosedWindow(int users, double thinkSeconds, double thinkSdSeconds, double drawnThinkSeconds,
                               double responseSeconds, double responseSdSeconds, long requests, double windowSeconds) {

        public ClosedWindow {
            if (users < 1 || requests < 1) {
                throw new IllegalArgumentException("a closed-loop window needs users and requests, got " + users
                        + " users and " + requests + " requests");
            }
            requireNonNegative("think time", thinkSeconds);
            requireNonNegative("think time's standard deviation", thinkSdSeconds);
            requireNonNegative("think time drawn", drawnThinkSeconds);
            requireNonNegative("response time", responseSeconds);
            requireNonNegative("response time's standard deviation", responseSdSeconds);
            if (!(windowSeconds > 0 && Double.isFinite(windowSeconds))) {
                throw new IllegalArgumentException("the window must last a positive time, got " + windowSeconds + " s");
            }
        }

        /** X, the requests sent per second over the window. */
        public double throughput() {
            return requests / windowSeconds;
        }

        /**
         * The think time's sampling, relative to Z + R, as one standard error: the mean of K think
         * times drawn independently strays from Z by sd(Z) / sqrt(K), and X = N / (Z + R) with it.
         */
        public double thinkSamplingError() {
            return thinkSdSeconds / Math.sqrt(requests) / (thinkSeconds + responseSeconds);
        }

        /**
         * The window's edges, relative, as one standard error. The window cuts each user's first and
         * last cycle at a random point: over the window a user sends its whole cycles plus the part
         * before its first send, minus the part after its last, and each part is a forward recurrence
         * time of the cycle c = Z + R, of variance E[c^3] / (3 E[c]) - (E[c^2] / (2 E[c]))^2, which for
         * the think times loadlab draws (constant, uniform, exponential) is at most E[c]^2 / 12 + Var(c).
         * Two such parts for each of N users, against the K cycles in the window:
         * sqrt(N (1/6 + 2 cv^2)) / K, with cv = sd(c) / E[c] and Var(c) = Var(Z) + Var(R).
         */
        public double edgeError() {
            double cycle = thinkSeconds + responseSeconds;
            double cv2 = (thinkSdSeconds * thinkSdSeconds + responseSdSeconds * responseSdSeconds) / (cycle * cycle);
            return Math.sqrt(users * (1.0 / 6 + 2 * cv2)) / requests;
        }
    }

    /**
     * The interactive response time law checked on a closed-loop window: the throughput X measured,
     * against N / (Z + R) with Z the configured mean think time and R the window's mean response time.
     *
     * <p>By chance alone the two differ, by the think time's sampling and by the window's edges (see
     * {@link ClosedWindow#thinkSamplingError()} and {@link ClosedWindow#edgeError()}); the tolerance is
     * three of their combined standard errors, plus {@code fixed} for what the window's figures leave
     * out by their nature (the start-up of users spawned shortly before the window) and {@code allowance}
     * for what no standard error covers (a rare response far longer than the rest, cut by the window's
     * end), capped at {@code cap}; only {@code fixed} and the standard errors choose which Z is used. When those three standard errors exceed the cap and the think time is random, the
     * window holds too few requests to tell the configured Z from the think times actually drawn within
     * the cap (exponential think times, a short window): then Z is the mean of the think times drawn after the window's requests,
     * which takes the sampling out, and only the edges remain. Either way the time users spent due to
     * send but not sent (the generator's lateness) is in neither Z nor R, so a late generator makes
     * N / (Z + R) over-predict X, and the law fails.
     *
     * <p>The course's starting point: 10,000 users, Z = 10 s (sd 2.89 s: uniform on 5 to 15 s),
     * R = 4.778 s, 644.4 RPS over 60 s, about 38,700 requests. The sampling error is
     * 2.89 / sqrt(38,700) / 14.778 = 0.1%, the edges' sqrt(10,000 (1/6 + 2 * 0.04)) / 38,700 = 0.13%
     * (taking R as steady), so the tolerance is 0.5% + 3 * 0.16% = 1%, or 3.5% with loadlab's allowance
     * for long responses cut by the window: the 4.8% the student's figures are off by is not chance. Their users spent time neither thinking nor waiting (spawning, or
     * locust sending late), or the R reported was not the time they waited.
     */
    public static LawCheck checkInteractive(ClosedWindow w, double fixed, double allowance, double cap) {
        double chance = Math.hypot(w.thinkSamplingError(), w.edgeError());
        if (fixed + 3 * chance <= cap || w.thinkSdSeconds() == 0) { // a constant think time is drawn as configured
            return checkInteractive(w.users(), w.thinkSeconds(), w.responseSeconds(), w.throughput(),
                    Math.min(cap, fixed + allowance + 3 * chance));
        }
        return new LawCheck(INTERACTIVE + ", Z as drawn",
                interactiveResponseTime(w.users(), w.drawnThinkSeconds(), w.responseSeconds()), w.throughput(),
                Math.min(cap, fixed + allowance + 3 * w.edgeError()));
    }

    private static void requireNonNegative(String what, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(
                    what + " must be a finite number >= 0, got " + value);
        }
    }
}
