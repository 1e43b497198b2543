package loadlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.time.Duration;
import loadlab.load.ConnectionMode;
import loadlab.load.FailureCategory;
import loadlab.load.LoadSpec;
import loadlab.load.ThinkTime;
import loadlab.load.TrialResult;
import loadlab.stats.LawCheck;
import org.junit.jupiter.api.Test;

/** How a generator's result becomes a trial's measurement, and the operational laws it is checked against. */
class ServerTrialTest {

    private static final LoadSpec ONE_USER = LoadSpec.to(Experiment.ANY_SERVER)
            .closed(1, Double.POSITIVE_INFINITY, ThinkTime.none()).warmup(Duration.ofSeconds(1))
            .duration(Duration.ofSeconds(2)).build();

    // One user, 10 ms per request, back to back for 2 s: 200 requests, one always in flight.
    private static TrialResult.Builder steadyUser(long inFlightMillis) {
        TrialResult.Builder b = TrialResult.builder(2).window(Duration.ofSeconds(2)).inFlight(inFlightMillis * 1_000_000);
        for (int i = 0; i < 200; i++) {
            b.success(i / 100, 10_000, 10_000);
        }
        return b;
    }

    @Test
    void aTrialResultBecomesAMeasurement() {
        TrialResult r = steadyUser(2000).failure(1, FailureCategory.CONNECTION_RESET, 0, "reset after 0 bytes")
                .warning("the generator used 1.9 of 2 cores").build();
        ServerResources resources = new ServerResources(0.5, 2, 20, 1, 100 << 20, 30, 20);
        Measurement m = ServerTrial.measurement(r, resources, ONE_USER);

        assertThat(m.requests()).isEqualTo(201);
        assertThat(m.successes()).isEqualTo(200);
        assertThat(m.failures()).isEqualTo(1);
        assertThat(m.rps()).isEqualTo(100.0);
        assertThat(m.windowSeconds()).isEqualTo(2.0);
        assertThat(m.failuresByCategory()).containsExactly(java.util.Map.entry("CONNECTION_RESET", 1L));
        assertThat(m.failureExamples()).containsExactly("CONNECTION_RESET: reset after 0 bytes");
        assertThat(m.latency().p50Micros()).isCloseTo(10_000, within(10.0));
        assertThat(m.series()).extracting(Second::rps).containsExactly(100.0, 100.0);
        assertThat(m.series()).extracting(Second::failures).containsExactly(0L, 1L);
        assertThat(m.cpuMicrosPerRequest()).isCloseTo(0.5e6 / 201, within(1e-6));
        assertThat(m.warnings()).containsExactly("the generator used 1.9 of 2 cores");
        assertThat(m.laws()).as("not checked when requests failed: their times are not in the latency").isEmpty();
    }

    @Test
    void consistentFiguresObeyBothLaws() {
        Measurement m = ServerTrial.measurement(steadyUser(2000).build(), ServerResources.NONE, ONE_USER);
        assertThat(m.laws()).hasSize(2).allMatch(LawCheck::holds);
        assertThat(m.laws().get(0).expected()).isCloseTo(1.0, within(0.01)); // L = X R = 100/s * 10 ms
        assertThat(m.laws().get(1).expected()).isCloseTo(100.0, within(1.0)); // X = N / (Z + R) = 1 / 10 ms
    }

    @Test
    void aGeneratorThatMiscountsInFlightBreaksLittlesLaw() {
        Measurement m = ServerTrial.measurement(steadyUser(4000).build(), ServerResources.NONE, ONE_USER);
        assertThat(m.laws().get(0).holds()).isFalse();
        assertThat(m.laws().get(0).observed()).isEqualTo(2.0);
        assertThat(m.laws().get(0).tolerance()).as("10%% plus R / window, rounded up to a whole percent").isEqualTo(0.11);
    }

    @Test
    void openLoopTrialsAreNotCheckedAgainstClosedLoopLaws() {
        LoadSpec open = LoadSpec.to(Experiment.ANY_SERVER).open(100, true, 10).duration(Duration.ofSeconds(2)).build();
        assertThat(ServerTrial.measurement(steadyUser(2000).build(), ServerResources.NONE, open).laws()).isEmpty();
    }

    @Test
    void theLoadIsAimedAtEachFreshServerAndOtherwiseUnchanged() {
        LoadSpec template = LoadSpec.to(Experiment.ANY_SERVER).closed(64, Double.POSITIVE_INFINITY, ThinkTime.none())
                .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST).warmup(Duration.ofSeconds(1)).duration(Duration.ofSeconds(2)).build();
        LoadSpec aimed = ServerTrial.aimedAt(template, URI.create("http://127.0.0.1:41234/"));
        assertThat(aimed.target()).isEqualTo(URI.create("http://127.0.0.1:41234/"));
        assertThat(aimed).usingRecursiveComparison().ignoringFields("target").isEqualTo(template);
    }
}
