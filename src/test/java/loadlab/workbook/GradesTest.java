package loadlab.workbook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GradesTest {

    private static final NotDone TODO_2 = new NotDone(2, "offer the socket to the queue");

    @Test
    void oneLinePerExerciseInTheWorkbooksOrder() {
        Grades grades = new Grades();
        grades.notDone(Exercise.BOUNDED_QUEUE, TODO_2);
        grades.passed(Exercise.LINGERING_CLOSE);
        grades.expect(Exercise.PREDICTIONS);
        assertThat(grades.lines()).containsExactly(
                "Exercise 1 lingering-close: PASS",
                "Exercise 2 bounded-queue: not done yet: offer the socket to the queue",
                "Exercise 5 predictions: not graded: none of its tests ran");
        assertThat(grades.table()).startsWith(Grades.HEADER + System.lineSeparator());
    }

    @Test
    void aFailureOutranksATodoAndATodoOutranksAPass() {
        Grades grades = new Grades();
        grades.passed(Exercise.BOUNDED_QUEUE);
        grades.notDone(Exercise.BOUNDED_QUEUE, TODO_2);
        grades.failed(Exercise.BOUNDED_QUEUE, "underOverloadItAnswersOr503s", new AssertionError("[statuses] expected [503]"));
        grades.failed(Exercise.BOUNDED_QUEUE, "echoesCorrectly", new AssertionError("a later failure"));
        assertThat(grades.lines()).containsExactly(
                "Exercise 2 bounded-queue: FAIL: under overload it answers or 503s: [statuses] expected [503]");
        Grades started = new Grades();
        started.passed(Exercise.BOUNDED_QUEUE);
        started.notDone(Exercise.BOUNDED_QUEUE, TODO_2);
        assertThat(started.lines()).containsExactly("Exercise 2 bounded-queue: not done yet: offer the socket to the queue");
    }

    @Test
    void anotherExercisesTodoSaysWhichToDoFirstButItsOwnComesFirst() {
        Grades grades = new Grades();
        grades.passed(Exercise.MULTI_REACTOR);
        grades.notDone(Exercise.MULTI_REACTOR, new NotDone(4, "compute the mean"));
        assertThat(grades.lines()).containsExactly(
                "Exercise 3 multi-reactor: not done yet: its grading needs exercise 4 first: compute the mean");
        grades.notDone(Exercise.MULTI_REACTOR, new NotDone(3, "start the reactors"));
        assertThat(grades.lines()).containsExactly("Exercise 3 multi-reactor: not done yet: start the reactors");
    }

    @Test
    void skippedTestsAreNamedNotHidden() {
        Grades grades = new Grades();
        grades.passed(Exercise.LINGERING_CLOSE);
        grades.skipped(Exercise.LINGERING_CLOSE, "needs curl");
        grades.skipped(Exercise.PREDICTIONS, "needs curl");
        assertThat(grades.lines()).containsExactly(
                "Exercise 1 lingering-close: PASS, but 1 of its tests skipped: needs curl",
                "Exercise 5 predictions: not graded: needs curl");
    }

    @Test
    void aFailureIsOneLineOfBoundedLength() {
        String message = "[half-width]\nExpecting actual:\n  23.889\nto be close to:\n  26.709\n" + "x".repeat(1000);
        String sentence = Grades.sentence("matchesTheWorkedExample", new AssertionError(message));
        assertThat(sentence).startsWith("matches the worked example: [half-width] Expecting actual: 23.889 to be close to: 26.709 x")
                .doesNotContain("\n").hasSize(400).endsWith("…");
        assertThat(Grades.sentence("breaks", new IllegalStateException())).isEqualTo("breaks: IllegalStateException");
    }

    @Test
    void aMethodsNameInWords() {
        assertThat(Grades.words("anOversizedBodyGetsIts413AndNoReset")).isEqualTo("an oversized body gets its 413 and no reset");
        assertThat(Grades.words("echoesAGet")).isEqualTo("echoes a get");
        assertThat(Grades.words("theHTTPClientWorks")).isEqualTo("the HTTP client works");
    }
}
