package loadlab.workbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import loadlab.exercises.Graded;
import loadlab.server.Models;
import org.junit.jupiter.api.Test;

class ExerciseTest {

    @Test
    void theServerExercisesAreTheModelsRegisteredUnderTheirNames() {
        for (Models.Model model : Models.exercises()) {
            Exercise exercise = Exercise.number(model.exercise());
            assertThat(exercise.label()).as("exercise %d's name", model.exercise()).isEqualTo(model.name());
            assertThat(exercise.isServerModel()).isTrue();
        }
        assertThat(Stream.of(Exercise.values()).filter(Exercise::isServerModel).map(Exercise::label))
                .containsExactlyElementsOf(Models.exercises().stream().map(Models.Model::name).toList());
    }

    @Test
    void anExerciseIsFoundByNumberOrName() {
        assertThat(Exercise.parse("1")).isEqualTo(Exercise.LINGERING_CLOSE);
        assertThat(Exercise.parse("confidence-interval")).isEqualTo(Exercise.CONFIDENCE_INTERVAL);
        assertThatThrownBy(() -> Exercise.parse("lingering"))
                .hasMessage("no exercise 'lingering'; the exercises are 1 lingering-close, 2 bounded-queue, 3 multi-reactor,"
                        + " 4 confidence-interval, 5 predictions, 6 head-deadline");
        assertThat(Exercise.MULTI_REACTOR).hasToString("Exercise 3 multi-reactor");
    }

    /** {@code workbook grade 3} finds exercise 3's tests by name: every grading class is named after its exercise. */
    @Test
    void everyGradingTestIsNamedAfterTheExerciseItGrades() throws IOException, ClassNotFoundException {
        Path classes = Path.of("target/test-classes/loadlab/exercises");
        List<String> gradingTests;
        try (Stream<Path> files = Files.list(classes)) {
            gradingTests = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("GradingTest.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length())).sorted().toList();
        }
        assertThat(gradingTests).hasSizeGreaterThanOrEqualTo(Exercise.values().length);
        for (String name : gradingTests) {
            Graded graded = Class.forName("loadlab.exercises." + name).getAnnotation(Graded.class);
            assertThat(graded).as("%s is @Graded", name).isNotNull();
            int number = graded.value();
            String pattern = Exercise.number(number).gradingTests();
            assertThat(name).as("%s grades exercise %d, so its name must match %s", name, number, pattern)
                    .matches(pattern.replace("*", ".*"));
        }
    }
}
