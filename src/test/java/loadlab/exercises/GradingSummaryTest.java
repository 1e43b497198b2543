package loadlab.exercises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The grading table, from real runs of Jupiter tests and jqwik properties ({@link GradingFixtures}). */
class GradingSummaryTest {

    @TempDir
    Path tmp;

    @Test
    void aPassingExerciseAndAnUnstartedOneGetOneLineEach() throws Exception {
        List<String> table = run(GradingFixtures.Passes.class, GradingFixtures.NotDone.class);
        assertThat(table).containsExactly(
                "Workbook grades:",
                "Exercise 4 confidence-interval: PASS",
                "Exercise 5 predictions: not done yet: solve X = N / (Z + R) for R");
    }

    @Test
    void aFailingPropertyFailsItsExerciseWithItsFirstFailureInOneLine() throws Exception {
        List<String> table = run(GradingFixtures.FailsAProperty.class);
        assertThat(table).hasSize(2);
        assertThat(table.get(1)).startsWith("Exercise 4 confidence-interval: FAIL: half width is never negative: ")
                .contains("[half-width for n = ").doesNotContain("\n");
    }

    @Test
    void anExerciseWhoseGradingNeedsAnotherSaysWhich() throws Exception {
        assertThat(run(GradingFixtures.NeedsAnotherExercise.class)).containsExactly(
                "Workbook grades:",
                "Exercise 5 predictions: not done yet: its grading needs exercise 4 first: compute the interval");
    }

    @Test
    void theTableIsKeptInItsFileAndQuietKeepsItOffTheConsole() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path file = tmp.resolve("target/grades.txt");
        execute(new GradingSummary(new PrintStream(console, true, StandardCharsets.UTF_8), file, true),
                GradingFixtures.Passes.class);
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(Files.readAllLines(file)).containsExactly("Workbook grades:", "Exercise 4 confidence-interval: PASS");
    }

    @Test
    void aRunWithoutGradingTestsPrintsNoTable() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path file = tmp.resolve("grades.txt");
        execute(new GradingSummary(new PrintStream(console, true, StandardCharsets.UTF_8), file, false), GradingSummaryTest.Plain.class);
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(file).doesNotExist();
    }

    static class Plain {
        @Test
        void isNotGraded() {
            assertThat(GradingFixtures.running).isTrue();
        }
    }

    private List<String> run(Class<?>... fixtures) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        execute(new GradingSummary(new PrintStream(console, true, StandardCharsets.UTF_8), tmp.resolve("grades.txt"), false), fixtures);
        return console.toString(StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
    }

    private static void execute(GradingSummary summary, Class<?>... fixtures) {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).addTestExecutionListeners(summary).build());
        ClassSelector[] selectors = Arrays.stream(fixtures).map(c -> selectClass(c)).toArray(ClassSelector[]::new);
        GradingFixtures.running = true;
        try {
            // jqwik reports to the platform, not the console: the fixtures fail on purpose, and the build log need not say so
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                    .configurationParameter("jqwik.reporting.usejunitplatform", "true").build());
        } finally {
            GradingFixtures.running = false;
        }
    }
}
