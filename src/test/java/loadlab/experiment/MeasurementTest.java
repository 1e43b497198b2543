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
    // first was issued 5 ms before the window opened, the last ends 5 ms after it closed.
    private static TrialResult.Builder steadyUser(long inFlightMillis) {
        return user(200, inFlightMillis);
    }

    private static TrialResult.Builder user(int requests, long inFlightMillis) {
        TrialResult.Builder b = TrialResult.builder(2).window(Duration.ofSeconds(2)).inFlight(inFlightMillis * 1_000_000)
                .carriedIn(5_000_000).carriedOut(5_000_000);
        for (int i = 0; i < requests; i++) {
            b.success(i * 2 / requests, 10_000, 10_000);
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
    void consistentFiguresObeyBothLawsWithTheEdgesCountedExactly() {
        Measurement m = Measurement.of(steadyUser(2000).build(), ServerResources.NONE, ONE_USER, Work.NONE);
        assertThat(m.laws()).hasSize(2).allMatch(LawCheck::holds);
        assertThat(m.laws().get(0).expected()).as("L = X R = 100/s * 10 ms, + 5 ms in, - 5 ms out").isCloseTo(1.0, within(0.002));
        assertThat(m.laws().get(0).tolerance()).isEqualTo(0.05);
        assertThat(m.laws().get(1).name()).contains("N = X (Z + R)");
        assertThat(m.laws().get(1).observed()).as("the one user: always waiting").isCloseTo(1.0, within(0.002));
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
    void usersWhoNeitherWaitNorThinkBreakTheInteractiveLaw() {
        // 180 requests of 10 ms, 1.8 s of the 2 s, and no think time: the user was idle a tenth of the window.
        Measurement m = Measurement.of(user(180, 1800).build(), ServerResources.NONE, ONE_USER, Work.NONE);
        assertThat(m.laws().get(0).holds()).as(m.laws().get(0).toString()).isTrue();
        assertThat(m.laws().get(1).holds()).isFalse();
        assertThat(m.problems()).anyMatch(p -> p.startsWith("interactive response time law N = X (Z + R): expected 1.000, observed 0.900"));
    }

    @Test
    void failedRequestsCountInLittlesLawWithTheirOwnDurations() {
        TrialResult r = steadyUser(2010).failure(1, FailureCategory.CONNECTION_RESET, 0, "reset after 0 bytes")
                .untimed(10_000_000).build();
        Measurement m = Measurement.of(r, ServerResources.NONE, ONE_USER, Work.NONE);
        assertThat(m.laws().get(0).holds()).as(m.laws().get(0).toString()).isTrue();
        assertThat(m.laws().get(0).expected()).isCloseTo(1.005, within(0.002));
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
