package loadlab.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void numbersReadTheSameOnEveryLocale() {
        assertThat(Figures.number(2345.6)).isEqualTo("2,346");
        assertThat(Figures.number(123.45)).isEqualTo("123.5");
        assertThat(Figures.number(0.0123)).isEqualTo("0.012");
        assertThat(Figures.number(Double.NaN)).isEqualTo("n/a");
        assertThat(Figures.number(118.04, 2424)).isEqualTo("118");
    }

    @Test
    void latenciesPickTheirUnit() {
        assertThat(Figures.micros(850)).isEqualTo("850 us");
        assertThat(Figures.micros(12_345)).isEqualTo("12.35 ms");
        assertThat(Figures.micros(1_250_000)).isEqualTo("1.25 s");
    }

    @Test
    void smallRatiosAreAlsoShownAsFractions() {
        assertThat(Figures.ratio(55.1)).isEqualTo("55.1x");
        assertThat(Figures.ratio(364.2)).isEqualTo("364x");
        assertThat(Figures.ratio(0.952)).isEqualTo("0.952x");
        assertThat(Figures.ratio(0.00275)).isEqualTo("0.00275x (1/364)");
        assertThat(Figures.ratio(0.1)).isEqualTo("0.100x (1/10.0)");
    }

    @Test
    void pValuesAsPeopleWriteThem() {
        assertThat(Figures.pValue(0.079)).isEqualTo("0.079");
        assertThat(Figures.pValue(1.2e-9)).isEqualTo("1.2e-9");
        assertThat(Figures.pValue(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void factorsWithoutTrailingZeros() {
        assertThat(Figures.plain(1 + 0.05)).isEqualTo("1.05");
        assertThat(Figures.plain(1 + 0.1)).isEqualTo("1.1");
        assertThat(Figures.plain(99.9)).isEqualTo("99.9");
        assertThat(Figures.plain(50)).isEqualTo("50");
        assertThat(Figures.plain(1000)).isEqualTo("1000");
    }
}
