package loadlab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.HdrHistogram.Histogram;

/**
 * Results merge associatively (so trials can be folded in any grouping), and in every result,
 * merged or not, the per-second series add up to the totals.
 */
class TrialResultProperties {

    /** Everything a result shows, for comparing two results value by value. */
    record Snapshot(long requests, long successes, long failures, Map<FailureCategory, Long> byCategory,
                    Map<Integer, Long> byStatus, Map<FailureCategory, List<String>> examples, Duration window,
                    double rps, Histogram latency, Histogram uncorrected, double meanInFlight, double littlesLaw,
                    double meanResponse, double meanThink, double meanThinking, double meanLateness, double latenessUserSeconds,
                    List<SecondSample> series, double cpu, Duration lag, long staleRetries, List<Warning> warnings) {

        static Snapshot of(TrialResult r) {
            return new Snapshot(r.requests(), r.successes(), r.failures(), r.failuresByCategory(), r.failuresByStatus(),
                    r.failureExamples(), r.window(), r.rps(), r.latency(), r.uncorrectedLatency(), r.meanInFlight(),
                    r.littlesLawInFlight(), r.meanResponseSeconds(), r.meanThinkSeconds(), r.meanThinking(),
                    r.meanLatenessSeconds(), r.latenessUserSeconds(), r.series(), r.generatorCpuShare(),
                    r.maxScheduleLag(), r.staleConnectionRetries(), r.warnings());
        }
    }

    /** One recorded request: a success with its latencies, or a failure. */
    record Event(int second, FailureCategory failure, int status, long latencyMicros, long extraMicros) { }

    @Property(tries = 300)
    void mergeIsAssociative(@ForAll("results") TrialResult a, @ForAll("results") TrialResult b,
                            @ForAll("results") TrialResult c) {
        assertThat(Snapshot.of(a.merge(b).merge(c))).isEqualTo(Snapshot.of(a.merge(b.merge(c))));
    }

    @Property(tries = 300)
    void theSeriesAddUpToTheTotals(@ForAll("results") TrialResult a, @ForAll("results") TrialResult b) {
        for (TrialResult r : List.of(a, b, a.merge(b))) {
            List<SecondSample> series = r.series();
            assertThat(series.stream().mapToLong(SecondSample::requests).sum()).isEqualTo(r.requests());
            assertThat(series.stream().mapToLong(SecondSample::failures).sum()).isEqualTo(r.failures());
            assertThat(r.failuresByCategory().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(r.failures());
            assertThat(r.failuresByStatus().values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(r.failuresByCategory().getOrDefault(FailureCategory.HTTP_STATUS, 0L));
            long unsent = r.failuresByCategory().getOrDefault(FailureCategory.UNSENT, 0L);
            assertThat(r.latency().getTotalCount()).as("successes and unsent requests").isEqualTo(r.successes() + unsent);
            assertThat(r.uncorrectedLatency().getTotalCount()).as("successes only: an unsent request was never sent")
                    .isEqualTo(r.successes());
        }
        assertThat(a.merge(b).requests()).isEqualTo(a.requests() + b.requests());
        assertThat(a.merge(b).latency().getMaxValue()).isEqualTo(Math.max(a.latency().getMaxValue(), b.latency().getMaxValue()));
    }

    @Provide
    Arbitrary<TrialResult> results() {
        Arbitrary<Event> event = Combinators.combine(
                Arbitraries.integers().between(0, 5),
                Arbitraries.of(FailureCategory.class).injectNull(0.6),
                Arbitraries.of(404, 500, 503),
                Arbitraries.longs().between(0, 5_000_000),
                Arbitraries.longs().between(0, 1_000_000)).as(Event::new);
        return Combinators.combine(
                Arbitraries.integers().between(1, 6),
                event.list().ofMaxSize(40),
                Arbitraries.longs().between(0, 6_000_000_000L),
                Arbitraries.longs().between(0, 3_000_000_000L),
                Arbitraries.doubles().between(0, 1000).ofScale(3),
                Arbitraries.of(Warning.Kind.class).map(k -> new Warning(k, "the " + k + " warning")).list().ofMaxSize(2))
                .as((seconds, events, window, lag, rate, warnings) -> {
                    TrialResult.Builder b = TrialResult.builder(seconds)
                            .window(Duration.ofNanos(window)).scheduleLag(Duration.ofNanos(lag))
                            .generatorCpu(Duration.ofNanos(window / 3)).inFlight(lag).think(lag / 7).thinking(lag / 5)
                            .carriedIn(lag / 11).carriedOut(lag / 13).late(lag / 17).lateInWindow(lag / 19);
                    for (int s = 0; s < seconds; s++) {
                        b.usersOrRate(s, rate);
                    }
                    int n = 0;
                    for (Event e : events) {
                        int second = e.second() % seconds;
                        if (e.failure() == null) {
                            b.success(second, e.latencyMicros() + e.extraMicros(), e.latencyMicros())
                                    .sent(e.latencyMicros() * 1000);
                        } else if (e.failure() == FailureCategory.UNSENT) {
                            b.unsent(second, e.latencyMicros(), "example " + n++);
                        } else {
                            b.failure(second, e.failure(), e.status(), "example " + n++).sent(e.latencyMicros() * 1000);
                        }
                    }
                    warnings.forEach(b::warning);
                    return b.build();
                });
    }
}
