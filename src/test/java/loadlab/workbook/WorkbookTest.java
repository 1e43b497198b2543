package loadlab.workbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

    /** One hand-out, made once for the tests below that read it. */
    private static Path handout;

    private static Path handout(Path tmp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(ROOT.resolve(Workbook.SOLUTIONS)),
                "a student hand-out makes no hand-out");
        if (handout == null) {
            Path made = tmp.resolve("handout");
            Handout.write(ROOT, made);
            handout = made;
        }
        return handout;
    }

    @TempDir
    static Path shared;

    @Test
    void theHandoutHasNoSolutionsNorTheInstructorsCiAndBuildsTheExercises() throws Exception {
        Path handout = handout(shared);
        assertThat(handout.resolve("solutions")).doesNotExist();
        assertThat(handout.resolve(".ci")).doesNotExist();
        assertThat(handout.resolve("target")).doesNotExist();
        assertThat(handout.resolve("src/test/java/loadlab/exercises/LingeringCloseMutantTest.java"))
                .as("exercise 1's mutant, half of its answer").doesNotExist();
        assertThat(handout.resolve("src/test/java/loadlab/exercises/HeadDeadlineMutantTest.java"))
                .as("exercise 6's mutant, its answer's read loop without the deadline").doesNotExist();
        assertThat(handout.resolve("src/test/java/loadlab/exercises/LingeringCloseGradingTest.java")).exists();
        assertThat(handout.resolve("exercises/java/loadlab/exercises/Predictions.java")).exists();
        assertThat(handout.resolve("loadlab")).isExecutable();
        String pom = Files.readString(handout.resolve("pom.xml"));
        assertThat(pom).doesNotContain("solutions").contains("<workbook>exercises</workbook>");
        assertThat(pom.indexOf("<activeByDefault>true</activeByDefault>"))
                .isGreaterThan(pom.indexOf("<id>exercises</id>"));
    }

    @Test
    void theHandoutIsAGitRepositoryWithOneCommitOfEverything() throws Exception {
        Path handout = handout(shared);
        assertThat(git(handout, "rev-list", "--count", "HEAD")).isEqualTo("1");
        assertThat(git(handout, "log", "--format=%an <%ae>")).isEqualTo("loadlab workbook <workbook@loadlab.invalid>");
        assertThat(git(handout, "status", "--porcelain")).as("files the commit left out").isEmpty();
        assertThat(git(handout, "ls-files")).contains("exercises/java/loadlab/exercises/LingeringCloseServer.java", "README.md");
    }

    /** Exercise 4's answer is the t interval: in the hand-out, the lab computes none of its own. */
    @Test
    void theHandoutsLabTakesItsIntervalsFromExercise4AndHoldsNoCopyOfTheAnswer() throws Exception {
        Path handout = handout(shared);
        String estimate = Files.readString(handout.resolve("src/main/java/loadlab/stats/Estimate.java"));
        assertThat(estimate).contains("this.halfWidth = loadlab.exercises.ConfidenceInterval.of(values, level).halfWidth();")
                .doesNotContain("ANSWER");
        // The quantile alone is Commons Math's one call, which the exercise makes too; the sequential
        // verdicts need it at every look. What must not be there is a half-width made from it.
        Path quantiles = handout.resolve("src/main/java/loadlab/stats/StudentT.java");
        try (Stream<Path> files = Files.walk(handout.resolve("src"))) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.equals(quantiles)).toList()) {
                assertThat(Files.readString(file)).as("%s computes a t quantile: exercise 4's answer", handout.relativize(file))
                        .doesNotContainPattern("\\.inverseCumulativeProbability\\s*\\(");
            }
        }
        assertThat(Files.readString(quantiles)).as("StudentT gives quantiles and p-values, no interval")
                .doesNotContain("sqrt", "halfWidth");
    }

    @Test
    void theHandoutsReadmesAreForStudentsAndNameOnlyWhatItHolds() throws Exception {
        Path handout = handout(shared);
        for (String readme : List.of("README.md", "exercises/README.md")) {
            String text = Files.readString(handout.resolve(readme));
            assertThat(text).as(readme).doesNotContain("instructor", "Instructor", "solutions", "<!--", "-->", "../", "DESIGN.md")
                    .contains("./loadlab workbook grade");
            Matcher path = MENTIONED_PATH.matcher(text);
            while (path.find()) {
                assertThat(handout.resolve(path.group(1))).as("%s names %s", readme, path.group(1)).exists();
            }
        }
        assertThat(Files.readString(handout.resolve("README.md"))).contains("This is your copy of the lab, the students' hand-out.");
    }

    /** A path into the lab's folders, in backticks or a link: {@code `src/test/java/loadlab/experiments/`}. */
    private static final Pattern MENTIONED_PATH = Pattern.compile("[`(]((?:src|exercises|bench)(?:/[\\w.-]+)*/?)[`)]");

    @Test
    void readmesLoseTheirInstructorsPartsAndGainTheStudents() {
        String readme = """
                # Lab
                Shared text.
                <!-- instructors -->
                Instructors only: `solutions/`.
                <!-- /instructors -->
                <!-- students
                Students only.
                -->
                Built from `src/`<!-- instructors --> or `solutions/`<!-- /instructors -->.
                """;
        assertThat(Handout.forStudents(readme)).isEqualTo("""
                # Lab
                Shared text.
                Students only.
                Built from `src/`.
                """);
        assertThatThrownBy(() -> Handout.forStudents("a <!-- instructors --> b"))
                .hasMessageContaining("without its <!-- /instructors --> end");
    }

    @Test
    void anAnswerBlockBecomesTheCallItNames() {
        String lab = """
                class E {
                    E(double[] v) {
                        // BEGIN ANSWER Exercise 4, the students' hand-out has instead: this.w = Student.width(v);
                        double t = quantile(v.length - 1);
                        this.w = t * spread(v);
                        // END ANSWER
                    }
                }
                """;
        assertThat(Handout.withoutAnswers(lab, "E.java")).isEqualTo("""
                class E {
                    E(double[] v) {
                        this.w = Student.width(v); // Exercise 4: your code, in exercises/java
                    }
                }
                """);
        assertThatThrownBy(() -> Handout.withoutAnswers("    // BEGIN ANSWER Exercise 4: oops\n    x();\n    // END ANSWER\n", "F.java"))
                .hasMessageContaining("F.java: a BEGIN ANSWER line must read");
    }

    @Test
    void theLabsEstimateKeepsItsExercise4Hook() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(ROOT.resolve(Workbook.SOLUTIONS)),
                "in a student hand-out the hook has become the call");
        assertThat(Files.readString(ROOT.resolve("src/main/java/loadlab/stats/Estimate.java")))
                .as("Estimate's half-width must stay inside its BEGIN ANSWER block, or the hand-out holds exercise 4's answer")
                .contains("// BEGIN ANSWER Exercise 4, the students' hand-out has instead: "
                        + "this.halfWidth = loadlab.exercises.ConfidenceInterval.of(values, level).halfWidth();");
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(git.waitFor()).as("%s: %s", command, out).isZero();
        return out;
    }

    @Test
    void theHandoutRefusesAFolderThatIsNotEmpty(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("x"), "x");
        assertThatThrownBy(() -> Handout.write(ROOT, tmp)).hasMessageContaining("not empty");
    }
}
