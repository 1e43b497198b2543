package loadlab.experiment;

import java.util.Objects;

/**
 * A comparison an experiment asks about: is {@code model}'s throughput higher or lower than
 * {@code baseline}'s? The experiment runs more rounds until each question has a verdict or its
 * budget is spent.
 */
public record Question(String model, String baseline) {

    public Question {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(baseline, "baseline");
        if (model.equals(baseline)) {
            throw new IllegalArgumentException("a model compared with itself: " + model);
        }
    }

    @Override
    public String toString() {
        return model + " vs " + baseline;
    }
}
