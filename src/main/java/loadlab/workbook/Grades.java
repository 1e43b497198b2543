package loadlab.workbook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The grading table: one line per exercise graded, made from the outcomes of its tests.
 * <pre>
 * Exercise 1 lingering-close: PASS
 * Exercise 2 bounded-queue: not done yet: offer the socket to the queue without waiting; ...
 * Exercise 4 confidence-interval: FAIL: matches the worked example: [half-width] expected ...
 * </pre>
 * A failure outranks a TODO, and a TODO outranks a pass: an exercise passes only when every test of
 * it ran and passed. The table is printed at the end of every grading run and kept in {@link #FILE}.
 */
public final class Grades {

    /** Where the last grading run's table is kept, relative to the project. */
    public static final Path FILE = Path.of("target", "grades.txt");
    public static final String HEADER = "Workbook grades:";
    private static final int MAX_SENTENCE = 400;

    /** What the tests of one exercise have said so far. */
    private static final class Tally {
        int passed;
        int skipped;
        NotDone ownTodo;
        NotDone otherTodo;
        String failure;
        String skipReason;
    }

    private final Map<Exercise, Tally> tallies = new EnumMap<>(Exercise.class);

    /** An exercise whose tests are about to run: it gets a line even if none of them reports. */
    public synchronized void expect(Exercise exercise) {
        tally(exercise);
    }

    public synchronized void passed(Exercise exercise) {
        tally(exercise).passed++;
    }

    public synchronized void notDone(Exercise exercise, NotDone todo) {
        Tally t = tally(exercise);
        if (todo.exercise() == exercise.number()) {
            if (t.ownTodo == null) {
                t.ownTodo = todo;
            }
        } else if (t.otherTodo == null) {
            t.otherTodo = todo;
        }
    }

    /** A test that failed: the first one is the exercise's line. */
    public synchronized void failed(Exercise exercise, String test, Throwable failure) {
        Tally t = tally(exercise);
        if (t.failure == null) {
            t.failure = sentence(test, failure);
        }
    }

    /** A test skipped for a reason that is not a TODO (a missing tool, for example). */
    public synchronized void skipped(Exercise exercise, String reason) {
        Tally t = tally(exercise);
        t.skipped++;
        if (t.skipReason == null) {
            t.skipReason = reason;
        }
    }

    public synchronized boolean isEmpty() {
        return tallies.isEmpty();
    }

    /** One line per exercise, in the workbook's order. */
    public synchronized List<String> lines() {
        List<String> lines = new ArrayList<>();
        tallies.forEach((exercise, t) -> lines.add(exercise + ": " + verdict(t)));
        return lines;
    }

    private static String verdict(Tally t) {
        if (t.failure != null) {
            return "FAIL: " + t.failure;
        }
        if (t.ownTodo != null) {
            return "not done yet: " + t.ownTodo.todo();
        }
        if (t.otherTodo != null) {
            return "not done yet: its grading needs exercise " + t.otherTodo.exercise() + " first: " + t.otherTodo.todo();
        }
        if (t.passed > 0 && t.skipped == 0) {
            return "PASS";
        }
        if (t.passed > 0) {
            return "PASS, but " + t.skipped + " of its tests skipped: " + t.skipReason;
        }
        return "not graded: " + (t.skipReason != null ? t.skipReason : "none of its tests ran");
    }

    /** The header and the lines, as printed. */
    public synchronized String table() {
        return HEADER + System.lineSeparator() + String.join(System.lineSeparator(), lines()) + System.lineSeparator();
    }

    public void write(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, table(), StandardCharsets.UTF_8);
    }

    /** {@code fourKilobyteRequestsGiveNoResets} and its failure as one line: "four kilobyte requests give no resets: ...". */
    static String sentence(String test, Throwable failure) {
        String message = failure.getMessage() == null || failure.getMessage().isBlank()
                ? failure.getClass().getSimpleName() : failure.getMessage();
        String line = words(test) + ": " + message.strip().replaceAll("\\s+", " ");
        return line.length() <= MAX_SENTENCE ? line : line.substring(0, MAX_SENTENCE - 1) + "…";
    }

    /** A method's name in words: {@code anOversizedBodyGets413} gives "an oversized body gets 413". */
    static String words(String methodName) {
        String[] parts = methodName.split("(?<=[a-z])(?=[A-Z0-9])|(?<=[0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            boolean acronym = part.length() > 1 && part.equals(part.toUpperCase(Locale.ROOT));
            out.append(acronym ? part : part.toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    private Tally tally(Exercise exercise) {
        return tallies.computeIfAbsent(exercise, e -> new Tally());
    }
}
