package loadlab.load;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;
import loadlab.Durations;

/**
 * How long a closed-loop user waits between getting a response and sending its next request, as
 * locust's {@code wait_time}: {@code constant(d)}, {@code between(a, b)} (uniform) or
 * {@code exponential(mean)}.
 */
public sealed interface ThinkTime permits ThinkTime.None, ThinkTime.Constant, ThinkTime.Between, ThinkTime.Exponential {

    static ThinkTime none() {
        return None.INSTANCE;
    }

    static ThinkTime constant(Duration d) {
        return d.isZero() ? none() : new Constant(d);
    }

    static ThinkTime between(Duration a, Duration b) {
        return new Between(a, b);
    }

    static ThinkTime exponential(Duration mean) {
        return new Exponential(mean);
    }

    /** Parses the command line's forms: {@code none}, {@code 5s}, {@code 5s..15s}, {@code exp:10s}. */
    static ThinkTime parse(String text) {
        String s = text.strip();
        try {
            if (s.equals("none") || s.equals("0")) {
                return none();
            }
            if (s.startsWith("exp:")) {
                return exponential(Durations.parse(s.substring(4)));
            }
            int dots = s.indexOf("..");
            if (dots >= 0) {
                return between(Durations.parse(s.substring(0, dots)), Durations.parse(s.substring(dots + 2)));
            }
            return constant(Durations.parse(s));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a think time: '" + text
                    + "' (expected none, 5s, 5s..15s or exp:10s): " + e.getMessage(), e);
        }
    }

    /** The next think time; {@code r} belongs to one user, so no two threads share it. */
    Duration next(RandomGenerator r);

    double meanSeconds();

    /**
     * The standard deviation of {@link #next}, in seconds: how far the mean of K think times drawn
     * may stray from {@link #meanSeconds()} (by sd / sqrt(K)), which the interactive response time law's
     * tolerance allows for.
     */
    double sdSeconds();

    record None() implements ThinkTime {
        static final None INSTANCE = new None();

        @Override
        public Duration next(RandomGenerator r) {
            return Duration.ZERO;
        }

        @Override
        public double meanSeconds() {
            return 0;
        }

        @Override
        public double sdSeconds() {
            return 0;
        }

        @Override
        public String toString() {
            return "none";
        }
    }

    record Constant(Duration duration) implements ThinkTime {
        public Constant {
            requireNonNegative(duration, "constant think time");
        }

        @Override
        public Duration next(RandomGenerator r) {
            return duration;
        }

        @Override
        public double meanSeconds() {
            return duration.toNanos() / 1e9;
        }

        @Override
        public double sdSeconds() {
            return 0;
        }

        @Override
        public String toString() {
            return Durations.format(duration);
        }
    }

    /** Uniform between {@code min} and {@code max}, as locust's {@code between(min, max)}. */
    record Between(Duration min, Duration max) implements ThinkTime {
        public Between {
            requireNonNegative(min, "think time minimum");
            requireNonNegative(max, "think time maximum");
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("think time maximum " + Durations.format(max)
                        + " is below the minimum " + Durations.format(min));
            }
        }

        @Override
        public Duration next(RandomGenerator r) {
            long span = max.toNanos() - min.toNanos();
            return Duration.ofNanos(min.toNanos() + (span == 0 ? 0 : r.nextLong(span + 1)));
        }

        @Override
        public double meanSeconds() {
            return (min.toNanos() + max.toNanos()) / 2e9;
        }

        /** A uniform distribution's: its width over sqrt(12). */
        @Override
        public double sdSeconds() {
            return (max.toNanos() - min.toNanos()) / 1e9 / Math.sqrt(12);
        }

        @Override
        public String toString() {
            return Durations.format(min) + ".." + Durations.format(max);
        }
    }

    /** Exponential with the given mean: memoryless, so the users' requests form a Poisson-like stream. */
    record Exponential(Duration mean) implements ThinkTime {
        public Exponential {
            requireNonNegative(mean, "mean think time");
        }

        @Override
        public Duration next(RandomGenerator r) {
            return Duration.ofNanos(Math.round(r.nextExponential() * mean.toNanos()));
        }

        @Override
        public double meanSeconds() {
            return mean.toNanos() / 1e9;
        }

        /** An exponential distribution's sd is its mean. */
        @Override
        public double sdSeconds() {
            return meanSeconds();
        }

        @Override
        public String toString() {
            return "exp:" + Durations.format(mean);
        }
    }

    private static void requireNonNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, was " + d);
        }
    }
}
