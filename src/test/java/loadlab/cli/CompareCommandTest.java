package loadlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import loadlab.report.JsonReport;
import loadlab.report.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code compare}: bad usage is refused with exit code 2 and a precise message before any server starts. */
class CompareCommandTest {

    private record Run(int code, String out, String err) { }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Stream<Arguments> badUsage() {
        return Stream.of(
                Arguments.of("no models", new String[] {}, "Missing required option: '--models"),
                Arguments.of("one model", new String[] {"--models", "thread-pool"}, "at least two models"),
                Arguments.of("unknown model", new String[] {"--models", "single-threaded,apache"}, "unknown model 'apache'; the models are: single-threaded"),
                Arguments.of("model twice", new String[] {"--models", "thread-pool,thread-pool"}, "lists a model twice"),
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
                Arguments.of("unknown option", new String[] {"--models", "single-threaded,thread-pool", "--fast"}, "Unknown option: '--fast'"));
    }

    @ParameterizedTest(name = "{0}: exit 2")
    @MethodSource("badUsage")
    void badUsageExitsWithTwoAndSaysWhy(String what, String[] args, String message) {
        String[] full = Stream.concat(Stream.of("compare"), Stream.of(args)).toArray(String[]::new);
        long start = System.nanoTime();
        Run r = run(full);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message).contains("Usage: loadlab compare");
        assertThat(System.nanoTime() - start).as("refused before any server starts").isLessThan(5_000_000_000L);
    }

    @Test
    void helpDescribesTheExperiment() {
        Run r = run("compare", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--models").contains("--rounds").contains("--budget").contains("new connection");
    }

    @Test
    void aSmallComparisonWritesTheReport(@TempDir Path out) throws Exception {
        Run r = run("compare", "--models", "single-threaded,thread-pool", "--users", "4", "--warmup", "200ms",
                "--duration", "500ms", "--rounds", "2", "--seed", "5", "--name", "cli-smoke", "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("seed 5").contains("thread-pool / single-threaded").contains("report: ");
        Summary summary = JsonReport.read(out.resolve("cli-smoke").resolve("summary.json"));
        assertThat(summary.rounds()).isEqualTo(2);
        assertThat(summary.seed()).isEqualTo(5);
        assertThat(summary.models()).extracting(Summary.ModelRow::model).containsExactly("single-threaded", "thread-pool");
        assertThat(summary.models()).allSatisfy(m -> assertThat(m.requests()).isPositive());
        assertThat(summary.comparisons()).hasSize(1);
        assertThat(out.resolve("cli-smoke").resolve("index.html")).isRegularFile();
    }
}
