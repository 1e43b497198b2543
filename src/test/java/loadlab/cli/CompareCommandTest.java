package loadlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.stream.Stream;
import loadlab.report.JsonReport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code compare}: bad usage is refused with exit code 2 and a precise message before any server starts. */
class CompareCommandTest {

    static Stream<Arguments> badUsage() {
        return Stream.of(
                Arguments.of("no models", new String[] {}, "Missing required option: '--models"),
                Arguments.of("one model", new String[] {"--models", "thread-pool"}, "at least two models"),
                Arguments.of("unknown model", new String[] {"--models", "single-threaded,apache"}, "unknown model 'apache'; the models are: single-threaded"),
                Arguments.of("an A/A run with a bad option", new String[] {"--models", "thread-pool,thread-pool", "--users", "-1"}, "users must be at least 1"),
                Arguments.of("bad work", new String[] {"--models", "single-threaded,thread-pool", "--work", "nap:5ms"}, "not a work spec: 'nap:5ms'"),
                Arguments.of("zero users", new String[] {"--models", "single-threaded,thread-pool", "--users", "0"}, "users must be at least 1"),
                Arguments.of("users and rate", new String[] {"--models", "single-threaded,thread-pool", "--users", "8", "--rate", "100"}, "mutually exclusive"),
                Arguments.of("negative rate", new String[] {"--models", "single-threaded,thread-pool", "--rate", "-5"}, "rate must be a positive number"),
                Arguments.of("both connection modes", new String[] {"--models", "single-threaded,thread-pool", "--close-each", "--keep-alive"}, "mutually exclusive"),
                Arguments.of("bad duration", new String[] {"--models", "single-threaded,thread-pool", "--duration", "3 seconds"}, "not a duration: '3 seconds'"),
                Arguments.of("zero duration", new String[] {"--models", "single-threaded,thread-pool", "--duration", "0s"}, "--duration must be longer than 0"),
                Arguments.of("rounds backwards", new String[] {"--models", "single-threaded,thread-pool", "--rounds", "20..5"}, "maximum rounds (5) below the minimum (20)"),
                Arguments.of("one round", new String[] {"--models", "single-threaded,thread-pool", "--rounds", "1"}, "at least 2 rounds"),
                Arguments.of("rounds not a range", new String[] {"--models", "single-threaded,thread-pool", "--rounds", "five"}, "--rounds must be MIN or MIN..MAX"),
                Arguments.of("bad budget", new String[] {"--models", "single-threaded,thread-pool", "--budget", "soon"}, "not a duration: 'soon'"),
                Arguments.of("bad name", new String[] {"--models", "single-threaded,thread-pool", "--name", "../x"}, "directory name"),
                Arguments.of("unknown option", new String[] {"--models", "single-threaded,thread-pool", "--fast"}, "Unknown option: '--fast'"),
                Arguments.of("an external model without a command", new String[] {"--models", "single-threaded,student", "--external",
                        "student"}, "must say where the port goes, with {port}"),
                Arguments.of("an external model without {port}", new String[] {"--models", "single-threaded,student2", "--external",
                        "student2=python3 server.py 8080"}, "must say where the port goes, with {port}"),
                Arguments.of("an external model named as one of ours", new String[] {"--models", "single-threaded,event-loop",
                        "--external", "event-loop=nginx -p {port}"}, "a model named 'event-loop' is already registered"));
    }

    @ParameterizedTest(name = "{0}: exit 2")
    @MethodSource("badUsage")
    void badUsageExitsWithTwoAndSaysWhy(String what, String[] args, String message) {
        String[] full = Stream.concat(Stream.of("compare"), Stream.of(args)).toArray(String[]::new);
        long start = System.nanoTime();
        CliRun r = CliRun.of(full);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message).contains("Usage: loadlab compare");
        assertThat(System.nanoTime() - start).as("refused before any server starts").isLessThan(5_000_000_000L);
    }

    @Test
    void helpDescribesTheExperiment() {
        CliRun r = CliRun.of("compare", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--models").contains("--rounds").contains("--budget").contains("new connection");
    }

    @Test
    void aModelListedTwiceIsAnAARunAgainstItself() {
        CompareCommand command = new CompareCommand();
        new picocli.CommandLine(command).parseArgs("--models", "event-loop,event-loop", "--keep-alive");
        loadlab.experiment.Experiment experiment = command.experiment();
        assertThat(experiment.plan().models()).containsExactly("event-loop", "event-loop#2");
        assertThat(experiment.arm("event-loop#2").model()).isEqualTo("event-loop");
        assertThat(experiment.plan().isAA(experiment.plan().questions().get(0))).isTrue();
    }

    @Test
    void aSmallComparisonWritesTheReport(@TempDir Path out) throws Exception {
        // In the students' hand-out compare's intervals are exercise 4's, and compare refuses to start before it is done.
        loadlab.workbook.ExerciseStatus.intervalsNotDone().ifPresent(todo -> Assumptions.abort(todo.message()));
        CliRun r = CliRun.of("compare", "--models", "single-threaded,thread-pool", "--users", "4", "--warmup", "200ms",
                "--duration", "500ms", "--rounds", "2", "--seed", "5", "--name", "cli-smoke", "--out", out.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("seed 5").contains("thread-pool / single-threaded").contains("report: ");
        JsonNode summary = JsonReport.read(out.resolve("cli-smoke").resolve("summary.json"));
        assertThat(summary.get("rounds").asInt()).isEqualTo(2);
        assertThat(summary.get("seed").asLong()).isEqualTo(5);
        assertThat(summary.get("models")).extracting(m -> m.get("model").asText()).containsExactly("single-threaded", "thread-pool");
        assertThat(summary.get("models")).allSatisfy(m -> assertThat(m.get("requests").asLong()).isPositive());
        assertThat(summary.get("comparisons")).hasSize(1);
        assertThat(summary.at("/comparisons/0/aa").asBoolean()).isFalse();
        assertThat(out.resolve("cli-smoke").resolve("index.html")).isRegularFile();
    }
}
