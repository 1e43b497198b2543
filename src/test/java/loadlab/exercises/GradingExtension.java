package loadlab.exercises;

import loadlab.workbook.Exercise;
import loadlab.workbook.ExerciseStatus;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Turns an unsolved exercise's failure into "Exercise N not done yet", reported as skipped. A server
 * exercise is probed with one GET before each of its tests, so that an unstarted one costs no load.
 */
public final class GradingExtension implements BeforeEachCallback, AfterEachCallback, TestExecutionExceptionHandler {

    @Override
    public void beforeEach(ExtensionContext context) {
        NotDoneYet.watch();
        Exercise exercise = exerciseOf(context.getRequiredTestClass());
        if (exercise.isServerModel()) {
            ExerciseStatus.unstarted(exercise.label()).ifPresent(todo -> {
                throw new TestAbortedException(todo.message());
            });
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw NotDoneYet.abortFor(failure).map(Throwable.class::cast).orElse(failure);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        NotDoneYet.stopWatching();
    }

    /** The exercise a grading class names with {@link Graded}. */
    static Exercise exerciseOf(Class<?> testClass) {
        Graded graded = AnnotationSupport.findAnnotation(testClass, Graded.class)
                .orElseThrow(() -> new IllegalStateException(testClass.getName() + " is not @Graded"));
        return Exercise.number(graded.value());
    }
}
