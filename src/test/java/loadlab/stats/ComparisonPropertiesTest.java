package loadlab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.statistics.Statistics;

/** A comparison must not depend on which model is named first, and must find a real ratio. */
class ComparisonPropertiesTest {

    @Property
    void comparingBWithAMirrorsComparingAWithB(
            @ForAll("pairedRounds") double[][] rounds,
            @ForAll @DoubleRange(min = 0, max = 0.2) double margin) {
        double[] a = rounds[0];
        double[] b = rounds[1];

        VerdictRule rule = VerdictRule.once(margin, 2 * margin, 0.95);
        Comparison ab = Comparison.of("A", a, "B", b, rule);
        Comparison ba = Comparison.of("B", b, "A", a, rule);

        assertThat(ba.ratio()).isCloseTo(1 / ab.ratio(), within(1e-12 / ab.ratio()));
        assertThat(ba.ratioLower()).isCloseTo(1 / ab.ratioUpper(), within(1e-12 / ab.ratioUpper()));
        assertThat(ba.ratioUpper()).isCloseTo(1 / ab.ratioLower(), within(1e-12 / ab.ratioLower()));
        assertThat(ba.verdict()).isEqualTo(ab.verdict().mirrored());
        assertThat(ba.pairedP()).isEqualTo(Double.valueOf(ab.pairedP())); // boxed: NaN equals NaN

        // Shows that all four verdicts were exercised, not only INCONCLUSIVE.
        Statistics.label("verdict").collect(ab.verdict());
        Statistics.label("verdict").coverage(coverage -> {
            for (Verdict verdict : Verdict.values()) {
                coverage.check(verdict).count(count -> count > 0);
            }
        });
    }

    @Property
    void aConstantRatioIsFoundExactly(
            @ForAll("positiveRounds") double[] a,
            @ForAll @DoubleRange(min = 0.01, max = 100) double k) {
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = k * a[i];
        }

        Comparison comparison = Comparison.of("B", b, "A", a);

        assertThat(comparison.ratio()).isCloseTo(k, within(1e-9));
        assertThat(comparison.ratioLower()).isCloseTo(k, within(1e-9));
        assertThat(comparison.ratioUpper()).isCloseTo(k, within(1e-9));
    }

    @Provide
    Arbitrary<double[]> positiveRounds() {
        return Arbitraries.doubles().between(1, 1e6)
                .array(double[].class).ofMinSize(2).ofMaxSize(30);
    }

    // b is a times a true ratio between about 1/2 and 2 (as often above 1 as below), times up to
    // 25% noise per round.
    @Provide
    Arbitrary<double[][]> pairedRounds() {
        return Arbitraries.integers().between(2, 20).flatMap(n -> Combinators.combine(
                Arbitraries.doubles().between(100, 10_000).array(double[].class).ofSize(n),
                Arbitraries.doubles().between(-0.7, 0.7).ofScale(4).map(Math::exp),
                Arbitraries.doubles().between(0.8, 1.25).ofScale(4).array(double[].class).ofSize(n))
                .as((a, k, noise) -> {
                    double[] b = new double[n];
                    for (int i = 0; i < n; i++) {
                        b[i] = a[i] * k * noise[i];
                    }
                    return new double[][] {a, b};
                }));
    }
}
