package loadlab.load;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import loadlab.experiment.Measurement;
import loadlab.experiment.ServerResources;
import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import loadlab.server.Work;
import loadlab.stats.LawCheck;
import org.junit.jupiter.api.Test;

/**
 * The operational laws as oracles for the generator's bookkeeping.
 *
 * <p>Question: do the generator's own figures obey the laws every queueing system obeys? Against a
 * server whose every request sleeps 20 ms (a virtual-thread server, so that nothing else waits):
 * <ul>
 *   <li>the interactive response time law, as an experiment checks it: 20 users thinking Z = 100 ms
 *       on average (uniform on 50 to 150 ms, sd 28.9 ms) and waiting R = 20 ms and a little send
 *       X = N / (Z + R) = 20 / 0.121 = 165 requests per second. Over 3 s that is K = 496 requests, so
 *       chance alone moves X by 1.1% (the think times' sampling: 28.9 ms / sqrt(496) / 121 ms) and
 *       0.5% (the window's edges): the tolerance is 0.5% + 3 * 1.2% = 4%. The think times drawn
 *       average 100 ms within 3 * 1.3 ms, the generator's lateness (the moments the loop took to
 *       send) is not in them, and with it the cycle accounts for the window exactly:
 *       X (Z drawn + R + lateness) = N within 2% (the edges);</li>
 *   <li>Little's law, for an open loop below capacity (100/s): the requests in flight on average, as
 *       a counter saw them, equal X R with the window's edges from the recorded times within 1%, and
 *       X R from the throughput and mean latency alone within 10%; X equals the offered rate within 10%.</li>
 * </ul>
 * The laws use the measured R, so a slow machine moves both sides together. Little's law needs a
 * steady state: if the machine is so busy that the generator falls behind its own schedule, the test
 * says so rather than blaming the law.
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

            double response = r.meanResponseSeconds();
            double x = r.requests() / (r.window().toNanos() / 1e9);
            Measurement m = Measurement.of(r, ServerResources.NONE, spec, Work.NONE);
            assertThat(r.failures()).as("failures: %s", r.failureExamples()).isZero();
            assertThat(r.meanThinkSeconds()).as("the think times drawn: 100 ms, within 3 * 28.9 ms / sqrt(%d)", r.requests())
                    .isCloseTo(0.100, within(3 * 0.0289 / Math.sqrt(r.requests())));
            assertThat(m.laws()).as("%s", m.problems()).hasSize(2).allMatch(LawCheck::holds);
            assertThat(m.laws().get(1).tolerance()).as("0.5%% + 2.5%% + 3 * hypot(1.1%%, 0.5%%), at most 5%%")
                    .isEqualTo(Measurement.LAW_TOLERANCE);
            assertThat(m.laws().get(1).name()).as("0.5%% + 3 * hypot(1.1%%, 0.5%%) is within 5%%: Z as configured")
                    .doesNotContain("as drawn");
            assertThat(x * (r.meanThinkSeconds() + response + r.meanLatenessSeconds())).as("X (Z drawn + R + lateness)")
                    .isCloseTo(users, withinPercentage(2));
            assertThat(r.latency().getValueAtPercentile(50)).as("p50 in microseconds").isBetween(20_000L, 25_000L);
        }
    }

    @Test
    void openLoopBelowCapacityObeysLittlesLaw() throws Exception {
        try (EchoServer server = sleepingServer()) {
            double rate = 100;
            LoadSpec spec = LoadSpec.to(server.uri()).open(rate, false, 100)
                    .duration(ofSeconds(3)).warmup(ofSeconds(1)).build();

            TrialResult r = LoadGenerator.run(spec);

            double response = r.meanResponseSeconds();
            assertThat(r.failures()).as("failures: %s", r.failureExamples()).isZero();
            assertThat(r.maxScheduleLag()).as("precondition: the generator kept its schedule; if not, this machine "
                    + "is overloaded and no law can be checked on it (%s)", r.warnings()).isLessThan(ofMillis(200));
            assertThat(r.rps()).as("below capacity the throughput is the offered rate").isCloseTo(rate, withinPercentage(10));
            assertThat(r.meanInFlight()).as("the counter against X R with the window's edges")
                    .isCloseTo(r.littlesLawInFlight(), withinPercentage(100 * Measurement.LITTLE_TOLERANCE));
            assertThat(r.meanInFlight()).as("L = X * R = %.1f * %.4f", r.rps(), response)
                    .isCloseTo(r.rps() * response, withinPercentage(10));
            assertThat(r.latency().getValueAtPercentile(50)).as("p50 in microseconds").isBetween(20_000L, 25_000L);
        }
    }
}
