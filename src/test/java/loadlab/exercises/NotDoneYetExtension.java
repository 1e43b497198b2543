package loadlab.exercises;

import loadlab.workbook.ExerciseStatus;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * For every test, not only the grading ones (registered through
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}): a test that meets an
 * unsolved exercise's TODO is skipped as "Exercise N not done yet", not failed. In the students'
 * hand-out the lab's confidence intervals are exercise 4's, so until it is done the experiments are
 * skipped before they run a single trial. In a build where every exercise is done, this does nothing.
 */
public final class NotDoneYetExtension
        implements ExecutionCondition, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    private static final String EXPERIMENT = "experiment";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!context.getTags().contains(EXPERIMENT)) {
            return ConditionEvaluationResult.enabled("not an experiment");
        }
        return ExerciseStatus.intervalsNotDone()
                .map(todo -> ConditionEvaluationResult.disabled(todo.message()
                        + " (the experiments' confidence intervals are your ConfidenceInterval)"))
                .orElseGet(() -> ConditionEvaluationResult.enabled("the confidence intervals can be computed"));
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw notDoneOr(failure);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw notDoneOr(failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw notDoneOr(failure);
    }

    private static Throwable notDoneOr(Throwable failure) {
        return NotDoneYet.abortForOwn(failure).map(Throwable.class::cast).orElse(failure);
    }
}
