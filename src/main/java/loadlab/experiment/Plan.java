package loadlab.experiment;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import loadlab.Durations;
import loadlab.stats.Comparison;
import loadlab.stats.Estimate;
import loadlab.stats.VerdictRule;

/**
 * What an experiment will do, whatever runs its trials: which arms (a model, or a model under a
 * load of its own), how many rounds, which comparisons it asks about, how long it may take, how a
 * verdict is read, and the seed of its random order.
 *
 * <p>A model may be listed twice: the second copy is labelled {@code model#2}, and comparing the two
 * is an A/A comparison, a model against itself, which shows the lab's noise floor (its verdict
 * should be SAME or INCONCLUSIVE, and is HIGHER or LOWER only as often as the rule's error rate).
 *
 * @param models the arms' labels, in the order given
 * @param modelOf each label's model (the same name, but for A/A copies and labelled arms)
 * @param minRounds rounds always run; at least 2, since one round says nothing about noise
 * @param maxRounds rounds never exceeded, however inconclusive
 * @param budget wall time after which no round is started that would not fit
 * @param rule how verdicts are read: margin, equivalence band, level, and the per-look level that
 *     keeps the level when the runner looks after every round from the minimum to the maximum
 * @param seed of the random order of the arms in each round
 * @param conditions what the trials run under (work, load, window...), for the report, in order
 */
public record Plan(String name, List<String> models, Map<String, String> modelOf, List<Question> questions,
                   int minRounds, int maxRounds, Duration budget, VerdictRule rule, long seed,
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
        if (models.stream().distinct().count() != models.size()) {
            throw new IllegalArgumentException("experiment " + name + " labels two arms alike: " + models);
        }
        modelOf = Collections.unmodifiableMap(new LinkedHashMap<>(modelOf));
        if (!modelOf.keySet().equals(new java.util.HashSet<>(models))) {
            throw new IllegalArgumentException("experiment " + name + ": every arm needs its model, arms " + models
                    + ", models given for " + modelOf.keySet());
        }
        questions = List.copyOf(questions);
        for (Question q : questions) {
            if (!models.contains(q.model()) || !models.contains(q.baseline())) {
                throw new IllegalArgumentException("experiment " + name + " asks about " + q + " but runs only " + models);
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
        Objects.requireNonNull(rule, "rule");
        conditions = Collections.unmodifiableMap(new LinkedHashMap<>(conditions));
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    /** The same plan with more conditions described, after the ones it has. */
    public Plan withConditions(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(conditions);
        all.putAll(more);
        return new Plan(name, models, modelOf, questions, minRounds, maxRounds, budget, rule, seed, all);
    }

    /** The noise margin of the verdicts: 0.05 for 5%. */
    public double margin() {
        return rule.margin();
    }

    /** The level every verdict and estimate claims: 0.95. */
    public double level() {
        return rule.level();
    }

    /**
     * The positions of the questions that {@code asked} (one comparison per question, in order) leaves
     * undecided: what the runner waits for, and what its progress line names.
     */
    public List<Integer> undecided(List<Comparison> asked) {
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            if (!questions.get(i).isDecidedBy(asked.get(i))) {
                open.add(i);
            }
        }
        return open;
    }

    /** Whether a question compares a model with itself: an A/A comparison. */
    public boolean isAA(Question q) {
        return modelOf.get(q.model()).equals(modelOf.get(q.baseline()));
    }

    /** Whether a comparison of two arms compares a model with itself. */
    public boolean isAA(String model, String baseline) {
        return isAA(new Question(model, baseline));
    }

    /** For example {@code 5..20 rounds, budget 2m, margin 5%, band 10%, 95% repeated CIs (99.1% at each look), seed 42}. */
    public String describe() {
        return minRounds + (maxRounds > minRounds ? ".." + maxRounds : "") + " rounds, budget "
                + Durations.format(budget) + ", margin " + Math.round(rule.margin() * 100) + "%, band "
                + Math.round(rule.band() * 100) + "%, " + rule.describeInterval().replace(" CI", " CIs") + ", seed " + seed;
    }

    public static final class Builder {
        private final String name;
        private final List<String> models = new ArrayList<>();
        private final Map<String, String> modelOf = new LinkedHashMap<>();
        private final List<Question> questions = new ArrayList<>();
        private int minRounds = 5;
        private int maxRounds = 20;
        private Duration budget = Duration.ofMinutes(2);
        private double margin = VerdictRule.DEFAULT_MARGIN;
        private double band = VerdictRule.DEFAULT_BAND;
        private double level = Estimate.DEFAULT_LEVEL;
        private Long seed;
        private final Map<String, String> conditions = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder models(String... names) {
            return models(List.of(names));
        }

        /** Each model is an arm labelled with its name; a name given again is a copy labelled {@code name#2}, #3... */
        public Builder models(List<String> names) {
            for (String model : names) {
                String label = model;
                for (int copy = 2; modelOf.containsKey(label); copy++) {
                    label = model + "#" + copy;
                }
                arm(label, model);
            }
            return this;
        }

        /** An arm labelled {@code label} that runs {@code model}. */
        public Builder arm(String label, String model) {
            if (modelOf.putIfAbsent(label, model) != null) {
                throw new IllegalArgumentException("experiment " + name + " has two arms labelled '" + label + "'");
            }
            models.add(label);
            return this;
        }

        /** Labelled arms, each described in the report's conditions. */
        public Builder arms(List<Arm> arms) {
            for (Arm arm : arms) {
                arm(arm.label(), arm.model());
                conditions.put(arm.label(), arm.description());
            }
            return this;
        }

        /** Asks whether {@code model}'s throughput differs from {@code baseline}'s. */
        public Builder compare(String model, String baseline) {
            questions.add(new Question(model, baseline));
            return this;
        }

        /**
         * Asks on which side of {@code factor} times {@code baseline} the throughput of {@code model} lies:
         * the question a claim "at least (or at most) {@code factor} times" needs decided. The runner goes
         * on until the ratio's repeated interval lies wholly above or wholly below the factor.
         */
        public Builder compare(String model, String baseline, double factor) {
            questions.add(new Question(model, baseline, factor));
            return this;
        }

        /** Asks about every other arm against the first one listed: the baseline. */
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

        /** The equivalence band of the SAME verdict: 0.10 for [1/1.1, 1.1]. */
        public Builder band(double b) {
            this.band = b;
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
            if (minRounds < 2 || maxRounds < minRounds) { // the Plan says so in its own words
                return new Plan(name, models, modelOf, questions, minRounds, maxRounds, budget,
                        VerdictRule.once(margin, band, level), 0, conditions);
            }
            return new Plan(name, models, modelOf, questions, minRounds, maxRounds, budget,
                    VerdictRule.sequential(margin, band, level, minRounds, maxRounds),
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
