package loadlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import loadlab.workbook.Exercise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkbookCommandTest {

    @Test
    void gradeRunsTheChosenExercisesGradingTestsQuietlyAndLeavesTheTableToItself() {
        assertThat(WorkbookCommand.Grade.mavenCommand(List.of(Exercise.LINGERING_CLOSE, Exercise.PREDICTIONS), false))
                .containsExactly("mvn", "-q", "-B", "-Dstyle.color=never", "test", "-Pexercises",
                        "-Dtest=LingeringClose*GradingTest,Predictions*GradingTest",
                        "-Dsurefire.failIfNoSpecifiedTests=false", "-Dloadlab.grades.quiet=true");
        assertThat(WorkbookCommand.Grade.mavenCommand(Arrays.asList(Exercise.values()), true))
                .contains("-Psolutions", "-Dtest=LingeringClose*GradingTest,BoundedQueue*GradingTest,"
                        + "MultiReactor*GradingTest,ConfidenceInterval*GradingTest,Predictions*GradingTest,HeadDeadline*GradingTest");
    }

    @Test
    void gradeRefusesAnExerciseThatDoesNotExist() {
        CliRun run = CliRun.of("workbook", "grade", "7");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no exercise '7'; the exercises are 1 lingering-close, 2 bounded-queue,");
    }

    @Test
    void gradeNeedsTheLabsFolder(@TempDir Path empty) {
        CliRun run = CliRun.of("workbook", "grade", "--root", empty.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no pom.xml in " + empty + ": run this in the lab's folder");
    }

    @Test
    void gradeSolutionsNeedsTheSolutions(@TempDir Path handout) throws Exception {
        Files.writeString(handout.resolve("pom.xml"), "<project/>");
        CliRun run = CliRun.of("workbook", "grade", "--solutions", "--root", handout.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--solutions: there is no solutions/java here");
    }

    @Test
    void generateSaysWhereTheExercisesComeFromWhenThereAreNoSolutions(@TempDir Path handout) {
        CliRun run = CliRun.of("workbook", "generate", "--root", handout.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no solutions/java in " + handout + ": exercises are made from the solutions");
    }

    @Test
    void workbookAloneSaysWhichSubcommands() {
        CliRun run = CliRun.of("workbook");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("say which: grade, generate or handout DIR");
    }
}
