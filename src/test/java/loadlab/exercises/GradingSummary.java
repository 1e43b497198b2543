package loadlab.exercises;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import loadlab.workbook.Exercise;
import loadlab.workbook.Grades;
import loadlab.workbook.NotDone;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Ends every test run that grades an exercise with the grading table, one line per exercise:
 * {@code Exercise 1 lingering-close: PASS}, {@code ...: not done yet: <what to do>} or
 * {@code ...: FAIL: <the first failure>}. It hears Jupiter tests and jqwik properties alike, since it
 * listens to the JUnit Platform (registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}), and keeps the table
 * in {@link Grades#FILE} as well. {@code -Dloadlab.grades.quiet=true} (as {@code workbook grade}
 * passes) keeps it off the console, for a caller that prints the file itself.
 */
public final class GradingSummary implements TestExecutionListener {

    private final PrintStream out;
    private final Path file;
    private final boolean quiet;
    private final Map<String, Optional<Exercise>> byClass = new ConcurrentHashMap<>();
    private Grades grades = new Grades();

    /** As the JUnit Platform makes it: prints to the console, keeps the table in target/. */
    public GradingSummary() {
        this(System.out, Grades.FILE, Boolean.getBoolean("loadlab.grades.quiet"));
    }

    GradingSummary(PrintStream out, Path file, boolean quiet) {
        this.out = out;
        this.file = file;
        this.quiet = quiet;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        grades = new Grades();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                exerciseOf(id).ifPresent(grades::expect);
            }
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        exerciseOf(id).ifPresent(exercise -> NotDone.fromMessage(reason).ifPresentOrElse(
                todo -> grades.notDone(exercise, todo), () -> grades.skipped(exercise, reason)));
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Optional<Exercise> graded = exerciseOf(id);
        if (graded.isEmpty()) {
            return;
        }
        Exercise exercise = graded.get();
        Optional<Throwable> thrown = result.getThrowable();
        switch (result.getStatus()) {
            case SUCCESSFUL -> {
                if (id.isTest()) {
                    grades.passed(exercise);
                }
            }
            case ABORTED -> {
                Optional<NotDone> todo = thrown.flatMap(NotDone::in);
                if (todo.isPresent()) {
                    grades.notDone(exercise, todo.get());
                } else {
                    grades.skipped(exercise, thrown.map(Throwable::getMessage).orElse("aborted"));
                }
            }
            case FAILED -> grades.failed(exercise, testName(id),
                    thrown.orElseGet(() -> new AssertionError("failed without saying why")));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (grades.isEmpty()) {
            return; // no grading test ran: no table
        }
        try {
            grades.write(file);
        } catch (IOException e) {
            System.err.println("loadlab: could not keep the grading table in " + file + ": " + e);
        }
        if (!quiet) {
            out.println();
            out.print(grades.table());
            out.flush();
        }
    }

    private Optional<Exercise> exerciseOf(TestIdentifier id) {
        return className(id.getSource().orElse(null)).flatMap(name -> byClass.computeIfAbsent(name, GradingSummary::graded));
    }

    private static Optional<String> className(TestSource source) {
        if (source instanceof MethodSource method) {
            return Optional.of(method.getClassName());
        }
        if (source instanceof ClassSource type) {
            return Optional.of(type.getClassName());
        }
        return Optional.empty();
    }

    private static Optional<Exercise> graded(String className) {
        try {
            Class<?> type = Class.forName(className, false, Thread.currentThread().getContextClassLoader());
            return AnnotationSupport.findAnnotation(type, Graded.class).map(g -> Exercise.number(g.value()));
        } catch (ClassNotFoundException | LinkageError ignored) {
            return Optional.empty(); // not one of ours to grade
        }
    }

    private static String testName(TestIdentifier id) {
        return id.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName())
                .orElseGet(() -> id.getDisplayName().replace(" ", ""));
    }
}
