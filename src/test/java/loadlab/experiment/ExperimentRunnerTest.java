package loadlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import loadlab.stats.LawCheck;
import loadlab.stats.Verdict;
import org.junit.jupiter.api.Test;

/** The runner's logic with a fake trial function: order, interleaving, adaptivity, stop reasons. */
class ExperimentRunnerTest {

    private static final List<String> MODELS = List.of("a", "b", "c", "d");

    private final FakeClock clock = new FakeClock();

    private ExperimentResult run(Plan plan, FakeTrials trials) throws Exception {
        return new ExperimentRunner(trials, Progress.SILENT, clock).run(plan);
    }

    private FakeTrials constant(double a, double b, double c, double d) {
        return FakeTrials.scripted(Map.of("a", new double[] {a}, "b", new double[] {b}, "c", new double[] {c},
                "d", new double[] {d}), clock, Duration.ofSeconds(3));
    }

    @Test
    void everyRoundRunsEveryModelOnceInTheSeedsOrder() throws Exception {
        FakeTrials trials = constant(100, 200, 300, 400);
        ExperimentResult result = run(Plan.named("order").models(MODELS).rounds(5, 5).seed(42).build(), trials);

        List<List<String>> expected = ExperimentRunner.orders(MODELS, 42, 5);
        assertThat(trials.calls()).isEqualTo(expected.stream().flatMap(List::stream).toList());
        for (List<String> round : expected) {
            assertThat(round).containsExactlyInAnyOrderElementsOf(MODELS);
        }
        assertThat(expected).as("the order is shuffled, not the same every round").doesNotHaveDuplicates();
        assertThat(result.rounds()).isEqualTo(5);
        for (Trial t : result.trials()) {
            assertThat(expected.get(t.round() - 1).get(t.position() - 1)).isEqualTo(t.model());
        }
        assertThat(result.trials()).extracting(Trial::startSeconds)
                .containsExactly(0.0, 3.0, 6.0, 9.0, 12.0, 15.0, 18.0, 21.0, 24.0, 27.0, 30.0, 33.0, 36.0, 39.0,
                        42.0, 45.0, 48.0, 51.0, 54.0, 57.0);
    }

    @Test
    void aQuestionWithAFactorRunsUntilTheIntervalClearsTheFactorNotJustUntilAVerdict() throws Exception {
        // b is about 10.5 times a, with noise: HIGHER after the minimum rounds, but across 10 for longer.
        double[] b = {1000, 1150, 950, 1100, 1000, 1080, 1020, 1060, 1040, 1050, 1045, 1055};
        FakeTrials verdict = FakeTrials.scripted(Map.of("a", new double[] {100}, "b", b), clock, Duration.ofSeconds(1));
        FakeTrials factor = FakeTrials.scripted(Map.of("a", new double[] {100}, "b", b), clock, Duration.ofSeconds(1));
        ExperimentResult byVerdict = run(Plan.named("v").models("a", "b").compare("b", "a").rounds(3, 12).seed(1).build(), verdict);
        ExperimentResult byFactor = run(Plan.named("f").models("a", "b").compare("b", "a", 10).rounds(3, 12).seed(1).build(), factor);

        assertThat(byVerdict.rounds()).as("the verdict HIGHER comes at once").isEqualTo(3);
        assertThat(byVerdict.compare("b", "a").ratioLower()).as("with the interval still across 10").isLessThan(10);
        assertThat(byFactor.rounds()).as("the factor's question takes longer").isGreaterThan(3);
        Question q = byFactor.plan().questions().get(0);
        assertThat(q.isDecidedBy(byFactor.compare("b", "a")) || byFactor.stopReason() == StopReason.MAX_ROUNDS)
                .as("stopped once decided (%s), or at the maximum", byFactor.stopMessage()).isTrue();
        assertThat(q).hasToString("b vs a against 10.0x");
        assertThat(byFactor.comparisons()).as("one comparison per pair, however many factors").hasSize(1);
    }

    @Test
    void theSameSeedGivesTheSameOrderAndAnotherSeedAnother() throws Exception {
        FakeTrials first = constant(1, 2, 3, 4);
        FakeTrials again = constant(1, 2, 3, 4);
        FakeTrials other = constant(1, 2, 3, 4);
        run(Plan.named("s").models(MODELS).rounds(5, 5).seed(7).build(), first);
        run(Plan.named("s").models(MODELS).rounds(5, 5).seed(7).build(), again);
        run(Plan.named("s").models(MODELS).rounds(5, 5).seed(8).build(), other);
        assertThat(again.calls()).isEqualTo(first.calls());
        assertThat(other.calls()).isNotEqualTo(first.calls());
    }

    @Test
    void theSeedPropertyFixesTheSeedWhenNoneIsGiven() {
        String before = System.getProperty(Plan.SEED_PROPERTY);
        try {
            System.setProperty(Plan.SEED_PROPERTY, "1234");
            assertThat(Plan.named("p").models("a", "b").build().seed()).isEqualTo(1234);
            assertThat(Plan.named("p").models("a", "b").seed(5).build().seed()).as("an explicit seed wins").isEqualTo(5);
            System.setProperty(Plan.SEED_PROPERTY, "twelve");
            assertThatThrownBy(() -> Plan.named("p").models("a", "b").build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loadlab.seed").hasMessageContaining("twelve");
        } finally {
            if (before == null) {
                System.clearProperty(Plan.SEED_PROPERTY);
            } else {
                System.setProperty(Plan.SEED_PROPERTY, before);
            }
        }
    }

    @Test
    void aLargeDifferenceStopsAtTheMinimumRounds() throws Exception {
        ExperimentResult result = run(Plan.named("large").models(MODELS).compare("b", "a").compare("a", "c")
                .rounds(5, 20).seed(1).build(), constant(100, 1000, 2000, 50));
        assertThat(result.rounds()).isEqualTo(5);
        assertThat(result.stopReason()).isEqualTo(StopReason.ALL_CONCLUSIVE);
        assertThat(result.stopMessage()).contains("all 2 comparisons are conclusive after 5 rounds");
        assertThat(result.comparisons()).extracting(c -> c.verdict()).containsExactly(Verdict.HIGHER, Verdict.LOWER);
    }

    @Test
    void anInconclusiveComparisonAddsRoundsUntilItIsDecided() throws Exception {
        // b is 15% above a, but the first five rounds are noisy; from the sixth on they agree.
        double[] a = {100, 100, 100, 100, 100, 100};
        double[] b = {130, 100, 125, 98, 120, 115};
        FakeTrials trials = FakeTrials.scripted(Map.of("a", a, "b", b), clock, Duration.ofSeconds(3));
        ExperimentResult result = run(Plan.named("adaptive").models("a", "b").compare("b", "a")
                .rounds(5, 20).budget(Duration.ofMinutes(10)).seed(3).build(), trials);

        assertThat(result.rounds()).isGreaterThan(5).isLessThan(20);
        assertThat(result.stopReason()).isEqualTo(StopReason.ALL_CONCLUSIVE);
        assertThat(result.compare("b", "a").verdict()).isEqualTo(Verdict.HIGHER);
        // and it stopped at the first round where the verdict came: at every earlier look it was undecided
        List<Verdict> looks = new ArrayList<>();
        Progress listener = new Progress() {
            @Override
            public void roundDone(Plan plan, int round, List<loadlab.stats.Comparison> asked) {
                looks.add(asked.get(0).verdict());
            }
        };
        new ExperimentRunner(FakeTrials.scripted(Map.of("a", a, "b", b), clock, Duration.ofSeconds(3)), listener, clock)
                .run(Plan.named("adaptive").models("a", "b").compare("b", "a").rounds(5, 20)
                        .budget(Duration.ofMinutes(10)).seed(3).build());
        assertThat(looks).hasSize(result.rounds() - 4).last().isEqualTo(Verdict.HIGHER);
        assertThat(looks.subList(0, looks.size() - 1)).containsOnly(Verdict.INCONCLUSIVE);
    }

    @Test
    void equalModelsRunUntilTheMaximumRounds() throws Exception {
        double[] noisy = {100, 104, 97, 102, 99, 101, 98, 103};
        double[] other = {101, 98, 103, 99, 100, 102, 97, 100};
        // Without an equivalence band (band 0), "no difference" cannot be shown: only the maximum stops it.
        ExperimentResult result = run(Plan.named("equal").models("a", "b").compare("a", "b").band(0)
                .rounds(5, 8).budget(Duration.ofHours(1)).seed(1).build(),
                FakeTrials.scripted(Map.of("a", noisy, "b", other), clock, Duration.ofSeconds(3)));
        assertThat(result.rounds()).isEqualTo(8);
        assertThat(result.stopReason()).isEqualTo(StopReason.MAX_ROUNDS);
        assertThat(result.stopMessage()).contains("maximum of 8 rounds").contains("still inconclusive: a vs b");
    }

    @Test
    void theBudgetStopsTheRoundThatWouldNotFit() throws Exception {
        // 2 models x 3 s = 6 s a round. After round 6, 36 s are spent and a 7th would end at 42 s > 40 s.
        double[] noisy = {100, 104, 97, 102, 99, 101, 98, 103};
        double[] other = {101, 98, 103, 99, 100, 102, 97, 100};
        ExperimentResult result = run(Plan.named("budget").models("a", "b").compare("a", "b").band(0)
                .rounds(5, 20).budget(Duration.ofSeconds(40)).seed(1).build(),
                FakeTrials.scripted(Map.of("a", noisy, "b", other), clock, Duration.ofSeconds(3)));
        assertThat(result.rounds()).isEqualTo(6);
        assertThat(result.stopReason()).isEqualTo(StopReason.BUDGET_SPENT);
        assertThat(result.stopMessage()).contains("time budget 40s spent").contains("36.0 s used")
                .contains("still inconclusive after 6 rounds: a vs b");
        assertThat(result.elapsed()).isEqualTo(Duration.ofSeconds(36));
    }

    @Test
    void theMinimumRoundsRunEvenBeyondTheBudget() throws Exception {
        ExperimentResult result = run(Plan.named("min").models("a", "b").compare("a", "b").band(0)
                .rounds(5, 20).budget(Duration.ofSeconds(1)).seed(1).build(), constant(100, 101, 0, 0));
        assertThat(result.rounds()).isEqualTo(5);
        assertThat(result.stopReason()).isEqualTo(StopReason.BUDGET_SPENT);
    }

    @Test
    void withoutQuestionsTheMinimumRoundsAreAll() throws Exception {
        ExperimentResult result = run(Plan.named("none").models("a", "b").rounds(3, 20).seed(1).build(),
                constant(1, 2, 0, 0));
        assertThat(result.rounds()).isEqualTo(3);
        assertThat(result.stopReason()).isEqualTo(StopReason.NO_QUESTIONS);
    }

    @Test
    void aModelThatServedNothingComparesAsFarLower() throws Exception {
        ExperimentResult result = run(Plan.named("zero").models("a", "b").compare("b", "a").rounds(5, 5).seed(1).build(),
                constant(1000, 0, 0, 0));
        assertThat(result.compare("b", "a").verdict()).isEqualTo(Verdict.LOWER);
        assertThat(result.compare("b", "a").ratio()).isEqualTo(0.25 / 1000, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(result.rps("b").mean()).as("estimates use the values as measured").isZero();
    }

    @Test
    void aFailingTrialStopsTheExperimentAndSaysWhere() {
        TrialFunction broken = model -> {
            if (model.equals("b")) {
                throw new IOException("server process for b failed to start");
            }
            return FakeTrials.measurement(100, 0);
        };
        assertThatThrownBy(() -> new ExperimentRunner(broken, Progress.SILENT, clock)
                .run(Plan.named("broken").models("a", "b").seed(1).build()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("experiment broken, round 1, b: the trial failed: server process for b failed to start");
    }

    // A trial whose Little's law is off by a fifth: the generator's bookkeeping, not the server, is broken.
    private static Measurement brokenLaw(double rps) {
        Measurement m = FakeTrials.measurement(rps, 0);
        LawCheck law = new LawCheck("Little's law L = X R", 10.0, 12.0, Measurement.LAW_TOLERANCE);
        return new Measurement(m.load(), m.resources(), List.of(law), List.of(law.toString()));
    }

    @Test
    void anInvalidTrialIsRejectedAndRunAgainOnce() throws Exception {
        int[] calls = {0};
        TrialFunction onceBroken = model -> model.equals("b") && calls[0]++ == 0 ? brokenLaw(100) : FakeTrials.measurement(100, 0);
        List<String> heard = new ArrayList<>();
        Progress listener = new Progress() {
            @Override
            public void trialRejected(Plan plan, Trial trial) {
                heard.add(trial.round() + ":" + trial.model() + " " + trial.measurement().problems());
            }
        };
        ExperimentResult result = new ExperimentRunner(onceBroken, listener, clock)
                .run(Plan.named("rerun").models("a", "b").rounds(3, 3).seed(1).build());

        assertThat(result.trials()).hasSize(6).allMatch(t -> t.measurement().valid());
        assertThat(result.rejected()).singleElement().satisfies(t -> assertThat(t.model()).isEqualTo("b"));
        assertThat(heard).containsExactly("1:b [Little's law L = X R: expected 10.00, observed 12.00, off by 20.0% "
                + "(tolerance 5%): DOES NOT HOLD]");
    }

    @Test
    void aTrialInvalidTwiceStopsTheExperimentWithTheLawAndTheFigures() {
        TrialFunction alwaysBroken = model -> model.equals("b") ? brokenLaw(100) : FakeTrials.measurement(100, 0);
        assertThatThrownBy(() -> new ExperimentRunner(alwaysBroken, Progress.SILENT, clock)
                .run(Plan.named("invalid").models("a", "b").rounds(3, 3).seed(1).build()))
                .isInstanceOf(InvalidTrialException.class)
                .hasMessageContaining("experiment invalid, round 1, b (seed 1, repeat with -Dloadlab.seed=1): no measurement of the server, twice in a row")
                .hasMessageContaining("Little's law L = X R: expected 10.00, observed 12.00, off by 20.0%")
                .hasMessageContaining("seed 1");
    }

    @Test
    void progressHearsEveryTrialAndTheStop() throws Exception {
        List<String> heard = new ArrayList<>();
        Progress listener = new Progress() {
            @Override
            public void trialDone(Plan plan, Trial trial) {
                heard.add(trial.round() + ":" + trial.model());
            }

            @Override
            public void stopped(ExperimentResult result) {
                heard.add("stopped " + result.stopReason());
            }
        };
        new ExperimentRunner(constant(1, 2, 0, 0), listener, clock).run(Plan.named("p").models("a", "b").rounds(2, 2).seed(1).build());
        assertThat(heard).hasSize(5).last().isEqualTo("stopped NO_QUESTIONS");
    }
}
