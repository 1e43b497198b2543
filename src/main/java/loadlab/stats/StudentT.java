package loadlab.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Student-t quantiles, remembered: an experiment asks for the same few (n - 1 degrees of freedom at
 * one level) after every round, and a simulation of thousands of experiments asks millions of times.
 */
final class StudentT {

    private record Key(int degreesOfFreedom, double p) { }

    private static final Map<Key, Double> QUANTILES = new ConcurrentHashMap<>();

    private StudentT() { }

    /** The {@code p} quantile of Student's t with {@code degreesOfFreedom}. */
    static double quantile(int degreesOfFreedom, double p) {
        return QUANTILES.computeIfAbsent(new Key(degreesOfFreedom, p),
                k -> new TDistribution(null, k.degreesOfFreedom()).inverseCumulativeProbability(k.p()));
    }

    /** The two-sided p-value of a t statistic. */
    static double twoSidedP(int degreesOfFreedom, double t) {
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return 0;
        }
        return 2 * new TDistribution(null, degreesOfFreedom).cumulativeProbability(-Math.abs(t));
    }
}
