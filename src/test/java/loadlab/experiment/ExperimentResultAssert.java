package loadlab.experiment;

import org.assertj.core.api.AbstractAssert;

/** Assertions about a whole experiment; {@link #model(String)} narrows them to one model. */
public final class ExperimentResultAssert extends AbstractAssert<ExperimentResultAssert, ExperimentResult> {

    ExperimentResultAssert(ExperimentResult actual) {
        super(actual, ExperimentResultAssert.class);
    }

    /** The assertions about one model of the experiment. */
    public ModelAssert model(String model) {
        isNotNull();
        if (!actual.models().contains(model)) {
            failWithMessage("Expecting experiment %s to have run %s, but it ran only %s", actual.name(), model,
                    actual.models());
        }
        return new ModelAssert(actual, model);
    }

    public ExperimentResultAssert stoppedBecause(StopReason reason) {
        isNotNull();
        if (actual.stopReason() != reason) {
            failWithMessage("Expecting experiment %s to stop because %s, but it stopped because %s: %s",
                    actual.name(), reason, actual.stopReason(), actual.stopMessage());
        }
        return this;
    }

    /** Every comparison the experiment asked about has a verdict. */
    public ExperimentResultAssert isConclusive() {
        isNotNull();
        if (!actual.inconclusive().isEmpty()) {
            failWithMessage("Expecting every comparison of experiment %s to be conclusive, but these are not:%n  %s%n(%s)",
                    actual.name(), String.join("\n  ", actual.inconclusive().stream().map(Object::toString).toList()),
                    actual.stopMessage());
        }
        return this;
    }
}
