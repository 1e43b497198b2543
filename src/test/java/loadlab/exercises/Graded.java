package loadlab.exercises;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a grading test of one exercise. On an exercise still throwing its "Exercise N: ..."
 * UnsupportedOperationException, the test is reported as aborted (skipped) with "Exercise N not done
 * yet", never as passed and never as a broken build. See {@link GradingExtension}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(GradingExtension.class)
@Tag("grading")
public @interface Graded {
}
