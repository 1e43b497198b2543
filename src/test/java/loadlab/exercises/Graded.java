package loadlab.exercises;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks the grading tests of one exercise, by its number. On an exercise still throwing its
 * "Exercise N: ..." TODO, a test is reported as aborted (skipped) with "Exercise N not done yet",
 * never as passed and never as a broken build, and a server exercise is found so before any load
 * runs against it (see {@link GradingExtension}). Every grading run ends with the table of
 * {@link GradingSummary}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(GradingExtension.class)
@Tag("grading")
public @interface Graded {

    /** The exercise's number, as in {@link loadlab.workbook.Exercise}. */
    int value();
}
