package loadlab.load;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import loadlab.server.Work;
import org.junit.jupiter.api.Test;

/**
 * The operational laws as oracles for the generator's bookkeeping.
 *
 * <p>Question: do the generator's own figures obey the laws every queueing system obeys? Against a
 * server whose every request sleeps 20 ms (a virtual-thread server, so that nothing else waits):
 * <ul>
 *   <li>the interactive response time law: N users thinking Z on average, waiting R for each
 *       response, send X = N / (Z + R) requests per second; predicted within 10% from the measured
 *       Z and R, and the median latency is the 20 ms of work plus a little (20 to 25 ms);</li>
 *   <li>Little's law: for an open loop below capacity (100/s), the mean number of requests in flight equals
 *       X * R within 10%, and X equals the offered rate within 10%.</li>
 * </ul>
 * The margins are wide for a shared 2-core machine: a 3 s window holds about 500 (closed) and 300
 * (open) requests, whose counting noise is 1 to 2%; the laws use the measured R and Z, so a slow
 * machine moves both sides together. Little's law needs a steady state: if the machine is so busy
 * that the generator falls behind its own schedule, the test says so rather than blaming the law.
 *
 * <p>Run: {@code mvn test -Dtest=OperationalLawsTest}; about 10 s.
 */
class OperationalLawsTest {

    private static EchoServer sleepingServer() throws Exception {
        return Models.start("virtual-threads", ServerConfig.defaults().withWork(Work.sleep(ofMillis(20))));
    }

    @Test
    void closedLoopThroughputFollowsTheInteractiveResponseTimeLaw() throws Exception {
        try (EchoServer server = sleepingServer()) {
            int users = 20;
            LoadSpec spec = LoadSpec.to(server.uri())
                    .closed(users, Double.POSITIVE_INFINITY, ThinkTime.between(ofMillis(50), ofMillis(150)))
                    .duration(ofSeconds(3)).warmup(ofSeconds(1)).build();

            TrialResult r = LoadGenerator.run(spec);

            double responseSeconds = r.latency().getMean() / 1e6;
            double thinkSeconds = r.meanThinkSeconds();
            assertThat(r.failures()).as("failures: %s", r.failureExamples()).isZero();
            assertThat(thinkSeconds).as("mean think time: never below the 100 ms asked (a sleep never ends early), "
                    + "and above it only by what a busy machine adds").isBetween(0.095, 0.300);
            assertThat(r.rps()).as("X = N / (Z + R) = %d / (%.4f + %.4f)", users, thinkSeconds, responseSeconds)
                    .isCloseTo(users / (thinkSeconds + responseSeconds), withinPercentage(10));
            assertThat(r.latency().getValueAtPercentile(50)).as("p50 in microseconds").isBetween(20_000L, 25_000L);
            assertThat(r.meanInFlight()).as("Little's law holds for the closed loop too")
                    .isCloseTo(r.rps() * responseSeconds, withinPercentage(10));
        }
    }

    @Test
    void openLoopBelowCapacityObeysLittlesLaw() throws Exception {
        try (EchoServer server = sleepingServer()) {
            double rate = 100;
            LoadSpec spec = LoadSpec.to(server.uri()).open(rate, false, 100)
                    .duration(ofSeconds(3)).warmup(ofSeconds(1)).build();

            TrialResult r = LoadGenerator.run(spec);

            double responseSeconds = r.latency().getMean() / 1e6;
            assertThat(r.failures()).as("failures: %s", r.failureExamples()).isZero();
            assertThat(r.maxScheduleLag()).as("precondition: the generator kept its schedule; if not, this machine "
                    + "is overloaded and no law can be checked on it (%s)", r.warnings()).isLessThan(ofMillis(200));
            assertThat(r.rps()).as("below capacity the throughput is the offered rate").isCloseTo(rate, withinPercentage(10));
            assertThat(r.meanInFlight()).as("L = X * R = %.1f * %.4f", r.rps(), responseSeconds)
                    .isCloseTo(r.rps() * responseSeconds, withinPercentage(10));
            assertThat(r.latency().getValueAtPercentile(50)).as("p50 in microseconds").isBetween(20_000L, 25_000L);
        }
    }
}
