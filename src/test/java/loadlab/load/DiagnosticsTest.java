package loadlab.load;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The warnings that say the generator, not the server, set the figures: each appears when its
 * condition holds and not otherwise. Built from recorded figures, no sockets: instant.
 */
class DiagnosticsTest {

    private static final URI TARGET = URI.create("http://127.0.0.1:8080/");

    /** A 10 s window with {@code rps} successes per second. */
    private static TrialResult result(double rps, Duration cpu) {
        TrialResult.Builder b = TrialResult.builder(10).window(ofSeconds(10)).generatorCpu(cpu);
        for (int i = 0; i < Math.round(rps * 10); i++) {
            b.success(i % 10, 1000, 1000);
        }
        return b.build();
    }

    @Test
    void aClosedLoopAtTheCeilingOfItsThinkTimeIsFlagged() {
        // The seed's mistake in small: 100 users thinking 1 s can never send more than 100/s.
        LoadSpec spec = LoadSpec.to(TARGET).closed(100, 10, ThinkTime.constant(ofSeconds(1))).build();

        List<Warning> atCeiling = Diagnostics.warnings(spec, result(98, ofSeconds(1)), 2, null, 0, false);
        List<Warning> belowIt = Diagnostics.warnings(spec, result(60, ofSeconds(1)), 2, null, 0, false);

        assertThat(atCeiling).singleElement().extracting(Warning::kind).isEqualTo(Warning.Kind.THINK_TIME_CEILING);
        assertThat(atCeiling).singleElement().asString().contains("N / Z", "think time, not the server");
        assertThat(belowIt).isEmpty();
    }

    @Test
    void aSaturatedGeneratorCpuIsFlagged() {
        LoadSpec spec = LoadSpec.to(TARGET).build();

        assertThat(Diagnostics.warnings(spec, result(1000, ofSeconds(19)), 2, null, 0, false))
                .singleElement().satisfies(w -> assertThat(w.kind().generatorBottleneck()).isTrue())
                .asString().contains("1.90 of 2 cores");
        assertThat(Diagnostics.warnings(spec, result(1000, ofSeconds(10)), 2, null, 0, false)).isEmpty();
    }

    @Test
    void anOpenLoopBehindScheduleSaysWhetherTheCapOrTheGeneratorWasTheCause() {
        LoadSpec spec = LoadSpec.to(TARGET).open(100, false, 10).build();
        TrialResult r = result(100, ofSeconds(1));

        assertThat(Diagnostics.warnings(spec, r, 2, new Diagnostics.OpenLoopLag(900_000_000L, 0, 37, 10, 0), 0, false))
                .singleElement().satisfies(w -> assertThat(w.kind()).as("the server's slowness, not the generator's")
                        .isEqualTo(Warning.Kind.IN_FLIGHT_CAP_FULL))
                .asString().contains("in-flight cap of 10 was full 37 times", "900.0 ms");
        assertThat(Diagnostics.warnings(spec, r, 2, new Diagnostics.OpenLoopLag(50_000_000L, 50_000_000L, 0, 10, 0.05), 0, false))
                .singleElement().satisfies(w -> assertThat(w.kind()).isEqualTo(Warning.Kind.GENERATOR_BEHIND))
                .asString().contains("sent 5.0% of the window's requests more than 20.0 ms behind", "up to 50.0 ms");
        assertThat(Diagnostics.warnings(spec, r, 2, new Diagnostics.OpenLoopLag(50_000_000L, 50_000_000L, 0, 10, 0.005), 0, false))
                .as("one late wake-up, a few requests late and timed from their intended send: no bottleneck").isEmpty();
        assertThat(Diagnostics.warnings(spec, r, 2, new Diagnostics.OpenLoopLag(5_000_000L, 5_000_000L, 0, 10, 0), 0, false))
                .as("5 ms late is on time enough").isEmpty();
    }

    @Test
    void requestsCutShortAndAnEarlyStopAreSaid() {
        LoadSpec spec = LoadSpec.to(TARGET).duration(ofSeconds(10)).maxRequests(500).readTimeout(ofMillis(100)).build();

        assertThat(Diagnostics.warnings(spec, result(50, ofSeconds(1)), 2, null, 3, true))
                .anyMatch(w -> w.kind() == Warning.Kind.CUT_SHORT && w.message().contains("3 requests were still unanswered"))
                .anyMatch(w -> w.kind() == Warning.Kind.MAX_REQUESTS && w.message().contains("stopped early at maxRequests = 500"));
    }
}
