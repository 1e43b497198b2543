package loadlab.load;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import loadlab.experiment.Measurement;
import loadlab.experiment.ServerResources;
import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import loadlab.server.Work;
import loadlab.stats.LawCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A generator too busy to send on time must not pass for a measurement of the server.
 *
 * <p>8 users thinking 5 ms against event-loop on keep-alive, whose answer takes a fraction of a
 * millisecond: X = N / (Z + R) = 8 / 5.2 ms, about 1,500/s. A generator that comes round to each user
 * 5 ms after it is due sends about half that. Two ways to be late, two checks:
 * <ul>
 *   <li>the lateness booked, as loadlab books it: its own figure, about 5 ms per request and half of
 *   each user's cycle, beyond {@link Measurement#LATENESS_LIMIT}: the trial is invalid and says the
 *   generator was late. The interactive response time law holds, with R from the due moment;</li>
 *   <li>the lateness booked as thinking, as loadlab once did: no figure shows it but the throughput,
 *   and the interactive response time law, which sees the throughput, fails (its tolerance here is
 *   about 3.3%: no think time to sample, the edges of a window of about 1,100 requests,
 *   3 * sqrt(8 / 6) / 1,100, 0.5% and 2.5%).</li>
 * </ul>
 * Little's law holds all the same: the lateness is no time in flight. The same run on time passes
 * everything.
 *
 * <p>Run: {@code mvn test -Dtest=LateGeneratorTest}; about 7 s.
 */
class LateGeneratorTest {

    private static final Duration LATE = ofMillis(5);

    private static LoadSpec spec(EchoServer server) {
        return LoadSpec.to(server.uri()).closed(8, Double.POSITIVE_INFINITY, ThinkTime.constant(ofMillis(5)))
                .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(2))
                .warmup(ofMillis(500)).duration(ofMillis(1500)).build();
    }

    /** How a test runs the generator on the spec: on time, late, or late without booking it. */
    @FunctionalInterface
    private interface Run {
        TrialResult on(LoadSpec spec) throws InterruptedException;
    }

    /** A trial against a fresh event-loop (127.0.0.1, a port the kernel chose), measured and printed. */
    private static Measurement measure(Run run) throws Exception {
        try (EchoServer server = Models.start("event-loop", ServerConfig.defaults())) {
            LoadSpec spec = spec(server);
            TrialResult r = run.on(spec);
            Measurement m = Measurement.of(r, ServerResources.NONE, spec, Work.NONE);
            System.out.println(r + "; lateness " + r.meanLatenessSeconds() * 1e3 + " ms; " + m.laws() + "; " + m.problems());
            return m;
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aGeneratorLateForEverySendIsNamedAsTheCauseAndTheTrialIsInvalid() throws Exception {
        Measurement m = measure(spec -> LoadGenerator.runLate(spec, LATE));
        TrialResult r = m.load();

        assertThat(r.failures()).as("failures: %s", r.failureExamples()).isZero();
        assertThat(r.meanLatenessSeconds()).as("5 ms, and what the loop adds").isBetween(0.005, 0.006);
        assertThat(r.meanThinkSeconds()).as("the think time is not the lateness").isEqualTo(0.005);
        assertThat(m.laws()).as("both laws: R from the due moment includes the lateness").hasSize(2)
                .allMatch(LawCheck::holds, "holds");
        assertThat(m.valid()).isFalse();
        assertThat(m.problems()).singleElement().asString().startsWith("the load generator was late: 5.")
                .contains("ms per request on average");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aGeneratorLateWithoutBookingItBreaksTheInteractiveLaw() throws Exception {
        Measurement m = measure(spec -> LoadGenerator.runLateUnbooked(spec, LATE));
        TrialResult r = m.load();

        assertThat(r.meanLatenessSeconds()).as("booked as thinking: no lateness to see").isLessThan(0.001);
        LawCheck interactive = m.laws().get(1);
        assertThat(interactive.name()).isEqualTo("interactive response time law X = N / (Z + R)");
        assertThat(interactive.holds()).as(interactive.toString()).isFalse();
        assertThat(interactive.observed() / interactive.expected()).as("about 5.2 / 10.2 ms").isBetween(0.4, 0.6);
        assertThat(m.laws().get(0).holds()).as("Little's law: %s", m.laws().get(0)).isTrue();
        assertThat(m.valid()).isFalse();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void theSameRunOnTimePassesBothLaws() throws Exception {
        Measurement m = measure(LoadGenerator::run);
        TrialResult r = m.load();

        assertThat(r.failures()).as("failures: %s", r.failureExamples()).isZero();
        assertThat(r.meanLatenessSeconds()).as("a precise wait, not a whole millisecond of the selector").isLessThan(0.001);
        assertThat(m.laws()).hasSize(2).allMatch(LawCheck::holds, "holds");
        assertThat(m.valid()).as("%s", m.problems()).isTrue();
    }
}
