package loadlab.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** What must hold for any data, not only for the examples we thought of. */
class EstimatePropertiesTest {

    @Property
    void intervalContainsTheMean(
            @ForAll @Size(min = 1, max = 40)
                    List<@DoubleRange(min = -1e6, max = 1e6) Double> values,
            @ForAll @DoubleRange(min = 0.5, max = 0.99) double level) {
        Estimate estimate = Estimate.of(toArray(values), level);

        assertThat(estimate.lower()).isLessThanOrEqualTo(estimate.mean());
        assertThat(estimate.upper()).isGreaterThanOrEqualTo(estimate.mean());
    }

    @Property
    void moreTrialsWithTheSameSpreadGiveANarrowerInterval(
            @ForAll @Size(min = 3, max = 60) List<@DoubleRange(min = 0, max = 1) Double> noise,
            @ForAll @IntRange(min = 2, max = 59) int fewer) {
        Assume.that(fewer < noise.size());
        double[] small = withMeanAndSpread(toArray(noise.subList(0, fewer)), 100, 10);
        double[] large = withMeanAndSpread(toArray(noise), 100, 10);

        assertThat(Estimate.of(large).halfWidth()).isLessThan(Estimate.of(small).halfWidth());
    }

    // Rescales the values to exactly this mean and sample standard deviation.
    private static double[] withMeanAndSpread(double[] values, double mean, double spread) {
        Estimate raw = Estimate.of(values);
        Assume.that(raw.standardDeviation() > 1e-6);
        double[] scaled = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            scaled[i] = mean + (values[i] - raw.mean()) * spread / raw.standardDeviation();
        }
        return scaled;
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
