package loadlab.workbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkbookTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void exercisesAreExactlyWhatTheGeneratorMakesFromTheSolutions() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(ROOT.resolve(Workbook.SOLUTIONS)),
                "a student hand-out has no solutions to compare with");
        assertThat(Workbook.exercisesNow(ROOT))
                .as("exercises/java is stale: run `./loadlab workbook generate` and commit the result")
                .isEqualTo(Workbook.exercisesFor(ROOT));
    }

    @Test
    void aSolutionBlockBecomesATodoThatThrows() {
        String solution = """
                class A {
                    int f() {
                        // BEGIN SOLUTION Exercise 7: return "the answer"
                        return 42;
                        // END SOLUTION
                    }
                }
                """;
        assertThat(Workbook.strip(solution, "A.java")).isEqualTo("""
                class A {
                    int f() {
                        // TODO Exercise 7: return "the answer"
                        throw new UnsupportedOperationException("Exercise 7: return \\"the answer\\"");
                    }
                }
                """);
    }

    @Test
    void everythingOutsideTheBlocksIsKept() {
        String plain = "class B {\n    int g() { return 1; }\n}\n";
        assertThat(Workbook.strip(plain, "B.java")).isEqualTo(plain);
    }

    @Test
    void unbalancedMarkersAreReportedWithTheirLine() {
        assertThatThrownBy(() -> Workbook.strip("a\n// BEGIN SOLUTION Exercise 1: x\nb\n", "C.java"))
                .hasMessage("C.java:2: BEGIN SOLUTION never ended");
        assertThatThrownBy(() -> Workbook.strip("a\n// END SOLUTION\n", "C.java"))
                .hasMessage("C.java:2: END SOLUTION without BEGIN");
        assertThatThrownBy(() -> Workbook.strip("// BEGIN SOLUTION\n// END SOLUTION\n", "C.java"))
                .hasMessageContaining("C.java:1: a BEGIN SOLUTION line must read");
    }

    @Test
    void theHandoutHasNoSolutionsAndBuildsTheExercises(@TempDir Path tmp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(ROOT.resolve(Workbook.SOLUTIONS)),
                "a student hand-out makes no hand-out");
        Path handout = tmp.resolve("handout");
        Handout.write(ROOT, handout);
        assertThat(handout.resolve("solutions")).doesNotExist();
        assertThat(handout.resolve("target")).doesNotExist();
        assertThat(handout.resolve(".git")).doesNotExist();
        assertThat(handout.resolve("exercises/java/loadlab/exercises/Predictions.java")).exists();
        String pom = Files.readString(handout.resolve("pom.xml"));
        assertThat(pom).doesNotContain("<id>solutions</id>").contains("<workbook>exercises</workbook>");
        assertThat(pom.indexOf("<activeByDefault>true</activeByDefault>"))
                .isGreaterThan(pom.indexOf("<id>exercises</id>"));
    }

    @Test
    void theHandoutRefusesAFolderThatIsNotEmpty(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("x"), "x");
        assertThatThrownBy(() -> Handout.write(ROOT, tmp)).hasMessageContaining("not empty");
    }
}
