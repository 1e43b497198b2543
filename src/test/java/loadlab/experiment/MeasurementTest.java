package loadlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.time.Duration;
import loadlab.Lab;
import loadlab.load.ConnectionMode;
import loadlab.load.FailureCategory;
import loadlab.load.LoadSpec;
import loadlab.load.ThinkTime;
import loadlab.load.TrialResult;
import loadlab.load.Warning;
import loadlab.server.Work;
import loadlab.stats.LawCheck;
import org.junit.jupiter.api.Test;

/** How a generator's result becomes a trial's measurement: the laws it is checked against, and what makes it invalid. */
class MeasurementTest {

    private static final LoadSpec ONE_USER = LoadSpec.to(Experiment.ANY_SERVER)
            .closed(1, Double.POSITIVE_INFINITY, ThinkTime.none()).warmup(Duration.ofSeconds(1))
            .duration(Duration.ofSeconds(2)).build();

    // One user, 10 ms per request, back to back for 2 s: 200 requests, one always in flight. The
    // first was sent 5 ms before the window opened, the last ends 5 ms after it closed. The in-flight
    // counter saw `inFlightMillis` of request-time in the window.
    private static TrialResult.Builder steadyUser(long inFlightMillis) {
        return user(200, 0, inFlightMillis);
    }

    // Like steadyUser, with `requests` requests, each sent `lateMicros` after its user was due.
    private static TrialResult.Builder user(int requests, long lateMicros, long inFlightMillis) {
        TrialResult.Builder b = TrialResult.builder(2).window(Duration.ofSeconds(2)).inFlight(inFlightMillis * 1_000_000)
                .carriedIn(5_000_000).carriedOut(5_000_000).lateInWindow(requests * lateMicros * 1000);
        for (int i = 0; i < requests; i++) {
            b.success(i * 2 / requests, 10_000, 10_000).sent(10_000_000).late(lateMicros * 1000);
        }
        return b;
    }

    @Test
    void aTrialResultBecomesAMeasurementWithoutCopies() {
        TrialResult r = steadyUser(2000).build();
        ServerResources resources = new ServerResources(0.5, 2, 20, 1, 100 << 20, 30, 20);
        Measurement m = Measurement.of(r, resources, ONE_USER, Work.NONE);

        assertThat(m.load()).isSameAs(r);
        assertThat(m.requests()).isEqualTo(200);
        assertThat(m.rps()).isEqualTo(100.0);
        assertThat(m.windowSeconds()).isEqualTo(2.0);
        assertThat(m.cpuMicrosPerRequest()).isCloseTo(0.5e6 / 200, within(1e-6));
        assertThat(m.valid()).isTrue();
    }

    @Test
    void consistentFiguresObeyBothLaws() {
        Measurement m = Measurement.of(steadyUser(2000).build(), ServerResources.NONE, ONE_USER, Work.NONE);
        assertThat(m.laws()).hasSize(2).allMatch(LawCheck::holds);
        LawCheck little = m.laws().get(0);
        assertThat(little.expected()).as("L = X R = 100/s * 10 ms, + 5 ms in, - 5 ms out").isCloseTo(1.0, within(1e-9));
        assertThat(little.observed()).as("the counter: 2 s in flight over 2 s").isEqualTo(1.0);
        assertThat(little.tolerance()).isEqualTo(Measurement.LITTLE_TOLERANCE);
        LawCheck interactive = m.laws().get(1);
        assertThat(interactive.name()).isEqualTo("interactive response time law X = N / (Z + R)");
        assertThat(interactive.expected()).as("N / (Z + R) = 1 / (0 + 10 ms)").isCloseTo(100.0, within(1e-9));
        assertThat(interactive.observed()).as("X = 200 requests / 2 s").isEqualTo(100.0);
        // No think time to sample; the edges: sqrt(1 * (1/6 + 0)) / 200 = 0.204%, three of them, 0.5% and 2.5%.
        assertThat(interactive.tolerance()).isCloseTo(0.005 + 0.025 + 3 * Math.sqrt(1.0 / 6) / 200, within(1e-12));
    }

    @Test
    void aGeneratorThatMiscountsInFlightBreaksLittlesLawAndTheTrialIsInvalid() {
        Measurement m = Measurement.of(steadyUser(2200).build(), ServerResources.NONE, ONE_USER, Work.NONE);
        assertThat(m.laws().get(0).holds()).isFalse();
        assertThat(m.laws().get(0).observed()).isEqualTo(1.1);
        assertThat(m.valid()).isFalse();
        assertThat(m.problems()).anyMatch(p -> p.startsWith("Little's law L = X R: expected 1.000, observed 1.100"));
    }

    @Test
    void aGeneratorLateBeyondTheLimitIsNamedAsTheCauseAndTheLawSeesTheLatenessInR() {
        // 100 requests of 10 ms, no think time, each sent 10 ms after it was due: half of each 20 ms cycle.
        // X = 50/s, and N / (Z + R) = 1 / (0 + 10 + 10 ms) = 50/s with R from the due moment.
        Measurement m = Measurement.of(user(100, 10_000, 1000).build(), ServerResources.NONE, ONE_USER, Work.NONE);
        assertThat(m.laws()).allMatch(LawCheck::holds);
        assertThat(m.problems()).containsExactly("the load generator was late: 10.000 ms per request on average, 50.0% of "
                + "each user's cycle Z + R + lateness, more than the 25% allowed: the users spent that time neither thinking "
                + "nor waiting for the server, so the throughput is the generator's more than the server's");
    }

    @Test
    void latenessWithinTheLimitIsAllowed() {
        // 1 ms late on 10 ms: 9%.
        Measurement m = Measurement.of(user(182, 1000, 1820).build(), ServerResources.NONE, ONE_USER, Work.NONE);
        assertThat(m.valid()).as("%s", m.problems()).isTrue();
    }

    @Test
    void theInteractiveLawIsNotCheckedOnAWindowOfFewCyclesPerUser() {
        // 64 users queueing for one server of 20 ms: 75 requests in 1.5 s, about one cycle each. Which users fall
        // in the window is chance, not the steady state the law describes.
        LoadSpec spec = LoadSpec.to(Experiment.ANY_SERVER).closed(64, Double.POSITIVE_INFINITY, ThinkTime.none())
                .warmup(Duration.ofSeconds(1)).duration(Duration.ofMillis(1500)).build();
        TrialResult.Builder b = TrialResult.builder(2).window(Duration.ofMillis(1500)).inFlight(64 * 1_500_000_000L);
        for (int i = 0; i < 75; i++) {
            b.success(i * 2 / 75, 1_280_000, 1_280_000).sent(1_280_000_000L);
        }
        Measurement m = Measurement.of(b.build(), ServerResources.NONE, spec, Work.NONE);
        assertThat(m.laws()).extracting(LawCheck::name).containsExactly("Little's law L = X R");
    }

    @Test
    void aShortfallNoFigureExplainsBreaksTheInteractiveLaw() {
        // 180 requests of 10 ms, sent on time by the generator's account: the user's 0.2 s went unbooked.
        Measurement m = Measurement.of(user(180, 0, 1800).build(), ServerResources.NONE, ONE_USER, Work.NONE);
        assertThat(m.laws().get(1).holds()).isFalse();
        assertThat(m.problems()).containsExactly("interactive response time law X = N / (Z + R): expected 100.0, "
                + "observed 90.0, off by 10.0% (tolerance 3.68%): DOES NOT HOLD");
    }

    @Test
    void exponentialThinkTimesOverAShortWindowAreCheckedAsDrawn() {
        // 10 users thinking 80 ms on average (sd 80 ms), R = 20 ms, 290 requests in 3 s. The sampling alone is
        // 0.08 / sqrt(290) / 0.1 = 4.7%: three of it would pass anything within 14%. The users drew 83.3 ms on
        // average, and X = 96.7/s is what 10 / (83.3 + 20 ms) predicts.
        LoadSpec spec = LoadSpec.to(Experiment.ANY_SERVER).closed(10, Double.POSITIVE_INFINITY,
                ThinkTime.exponential(Duration.ofMillis(80))).warmup(Duration.ofSeconds(1)).duration(Duration.ofSeconds(3)).build();
        TrialResult.Builder b = TrialResult.builder(3).window(Duration.ofSeconds(3)).inFlight(290 * 20_000_000L);
        for (int i = 0; i < 290; i++) {
            b.success(i * 3 / 290, 20_000, 20_000).sent(20_000_000).think(83_333_333);
        }
        LawCheck law = Measurement.of(b.build(), ServerResources.NONE, spec, Work.NONE).laws().get(1);

        assertThat(law.name()).isEqualTo("interactive response time law X = N / (Z + R), Z as drawn");
        assertThat(law.expected()).isCloseTo(10 / 0.103333333, within(1e-3));
        // Only the edges are left: sqrt(10 (1/6 + 2 * 0.64)) / 290 = 1.31%, three of them, 0.5% and 2.5%: at most 5%.
        assertThat(law.tolerance()).isEqualTo(Measurement.LAW_TOLERANCE);
        assertThat(law.holds()).as(law.toString()).isTrue();
    }

    @Test
    void failedRequestsCountInLittlesLawWithTheirOwnDurations() {
        TrialResult r = steadyUser(2010).failure(1, FailureCategory.CONNECTION_RESET, 0, "reset after 0 bytes")
                .sent(10_000_000).build();
        Measurement m = Measurement.of(r, ServerResources.NONE, ONE_USER, Work.NONE);
        assertThat(m.laws().get(0).holds()).as(m.laws().get(0).toString()).isTrue();
        assertThat(m.laws().get(0).expected()).isCloseTo(1.005, within(1e-9));
    }

    @Test
    void aGeneratorThatWasTheBottleneckMakesTheTrialInvalid() {
        TrialResult r = steadyUser(2000).warning(new Warning(Warning.Kind.GENERATOR_CPU, "the generator used 1.9 of 2 cores"))
                .warning(new Warning(Warning.Kind.THINK_TIME_CEILING, "the think time set this figure")).build();
        Measurement m = Measurement.of(r, ServerResources.NONE, ONE_USER, Work.NONE);
        assertThat(m.problems()).containsExactly("the load generator was the bottleneck: the generator used 1.9 of 2 cores");
    }

    @Test
    void cpuWorkThatCostsLessThanItSaysMakesTheTrialInvalid() {
        TrialResult r = steadyUser(2000).build();
        Work oneMilli = Work.cpu(Duration.ofMillis(1));
        ServerResources cheap = new ServerResources(200 * 0.00085, 2, 20, 1, 100 << 20, 30, 20);
        ServerResources enough = new ServerResources(200 * 0.00095, 2, 20, 1, 100 << 20, 30, 20);

        assertThat(Measurement.of(r, cheap, ONE_USER, oneMilli).problems()).containsExactly(
                "cpu work cost less than it says: the server spent 850 us of CPU per request, under 0.9 x the 1000 us of cpu:1ms");
        assertThat(Measurement.of(r, enough, ONE_USER, oneMilli).valid()).isTrue();
    }

    @Test
    void anOpenLoopIsCheckedAgainstLittlesLawOnly() {
        LoadSpec open = LoadSpec.to(Experiment.ANY_SERVER).open(100, true, 10).duration(Duration.ofSeconds(2)).build();
        assertThat(Measurement.of(steadyUser(2000).build(), ServerResources.NONE, open, Work.NONE).laws())
                .extracting(LawCheck::name).containsExactly("Little's law L = X R");
    }

    @Test
    void theLoadIsAimedAtEachFreshServerAndOtherwiseUnchanged() {
        LoadSpec template = LoadSpec.to(Experiment.ANY_SERVER).closed(64, Double.POSITIVE_INFINITY, ThinkTime.none())
                .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST).warmup(Duration.ofSeconds(1)).duration(Duration.ofSeconds(2)).build();
        LoadSpec aimed = Lab.aimedAt(template, URI.create("http://127.0.0.1:41234/"));
        assertThat(aimed.target()).isEqualTo(URI.create("http://127.0.0.1:41234/"));
        assertThat(aimed).usingRecursiveComparison().ignoringFields("target").isEqualTo(template);
    }
}
