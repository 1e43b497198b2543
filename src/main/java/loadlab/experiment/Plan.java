package loadlab.experiment;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import loadlab.Durations;
import loadlab.stats.Comparison;
import loadlab.stats.Estimate;

/**
 * What an experiment will do, whatever runs its trials: which models, how many rounds, which
 * comparisons it asks about, how long it may take, and the seed of its random order.
 *
 * @param minRounds rounds always run; at least 2, since one round says nothing about noise
 * @param maxRounds rounds never exceeded, however inconclusive
 * @param budget wall time after which no round is started that would not fit
 * @param margin relative difference treated as noise by the verdicts (0.05 = 5%)
 * @param level confidence level of every interval (0.95)
 * @param seed of the random order of the models in each round
 * @param conditions what the trials run under (work, load, window...), for the report, in order
 */
public record Plan(String name, List<String> models, List<Question> questions, int minRounds,
                   int maxRounds, Duration budget, double margin, double level, long seed,
                   Map<String, String> conditions) {

    /** Fixes the seed of every experiment in this JVM: {@code -Dloadlab.seed=42}. */
    public static final String SEED_PROPERTY = "loadlab.seed";

    public Plan {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("an experiment's name becomes a directory name: use letters, digits, "
                    + "'.', '_' and '-' only, not '" + name + "'");
        }
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("experiment " + name + " has no models");
        }
        if (new HashSet<>(models).size() != models.size()) {
            throw new IllegalArgumentException("experiment " + name + " lists a model twice: " + models);
        }
        questions = List.copyOf(questions);
        for (Question q : questions) {
            if (!models.contains(q.model()) || !models.contains(q.baseline())) {
                throw new IllegalArgumentException("experiment " + name + " asks about " + q
                        + " but runs only " + models);
            }
        }
        if (minRounds < 2) {
            throw new IllegalArgumentException("at least 2 rounds are needed to estimate the noise, asked for " + minRounds);
        }
        if (maxRounds < minRounds) {
            throw new IllegalArgumentException("maximum rounds (" + maxRounds + ") below the minimum (" + minRounds + ")");
        }
        if (budget.isNegative()) {
            throw new IllegalArgumentException("time budget must not be negative: " + budget);
        }
        conditions = Collections.unmodifiableMap(new LinkedHashMap<>(conditions));
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    /** The same plan with more conditions described, after the ones it has. */
    public Plan withConditions(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(conditions);
        all.putAll(more);
        return new Plan(name, models, questions, minRounds, maxRounds, budget, margin, level, seed, all);
    }

    /** For example {@code 5..20 rounds, budget 2m, margin 5%, seed 42}. */
    public String describe() {
        return minRounds + (maxRounds > minRounds ? ".." + maxRounds : "") + " rounds, budget "
                + Durations.format(budget) + ", margin " + Math.round(margin * 100) + "%, seed " + seed;
    }

    public static final class Builder {
        private final String name;
        private final List<String> models = new ArrayList<>();
        private final List<Question> questions = new ArrayList<>();
        private int minRounds = 5;
        private int maxRounds = 20;
        private Duration budget = Duration.ofMinutes(2);
        private double margin = Comparison.DEFAULT_MARGIN;
        private double level = Estimate.DEFAULT_LEVEL;
        private Long seed;
        private final Map<String, String> conditions = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder models(String... names) {
            return models(List.of(names));
        }

        public Builder models(List<String> names) {
            models.addAll(names);
            return this;
        }

        /** Asks whether {@code model}'s throughput differs from {@code baseline}'s. */
        public Builder compare(String model, String baseline) {
            questions.add(new Question(model, baseline));
            return this;
        }

        /** Asks about every other model against the first one listed: the baseline. */
        public Builder compareAllWithFirst() {
            for (String model : models.subList(1, models.size())) {
                compare(model, models.get(0));
            }
            return this;
        }

        public Builder rounds(int min, int max) {
            this.minRounds = min;
            this.maxRounds = max;
            return this;
        }

        public Builder budget(Duration d) {
            this.budget = d;
            return this;
        }

        public Builder margin(double m) {
            this.margin = m;
            return this;
        }

        public Builder level(double l) {
            this.level = l;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder condition(String key, String value) {
            conditions.put(key, value);
            return this;
        }

        /** The seed is the one given, else {@code -Dloadlab.seed}, else a fresh random one. */
        public Plan build() {
            return new Plan(name, models, questions, minRounds, maxRounds, budget, margin, level,
                    seed != null ? seed : defaultSeed(), conditions);
        }

        private static long defaultSeed() {
            String fixed = System.getProperty(SEED_PROPERTY);
            if (fixed != null) {
                try {
                    return Long.parseLong(fixed.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("-D" + SEED_PROPERTY + " must be a whole number, was '" + fixed + "'", e);
                }
            }
            return new SecureRandom().nextLong() >>> 16; // short enough to type back in
        }
    }
}
