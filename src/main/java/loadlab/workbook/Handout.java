package loadlab.workbook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The students' copy of the repository: everything but the solutions and the instructors' CI, with
 * the exercises profile active by default, so that {@code mvn test} builds and grades the exercises
 * on a fresh machine. On the way:
 * <ul>
 *   <li>in the lab's own code, a block between {@code // BEGIN ANSWER Exercise N, the students'
 *       hand-out has instead: CODE} and {@code // END ANSWER} becomes CODE: the lab's copy of an
 *       exercise's answer is replaced by a call to the student's code (so the lab's confidence
 *       intervals are exercise 4's);</li>
 *   <li>in the READMEs, {@code <!-- instructors -->...<!-- /instructors -->} is left out and a
 *       {@code <!-- students ... -->} comment becomes text;</li>
 *   <li>the copy is a git repository with one commit, so that a student can diff and undo.</li>
 * </ul>
 */
public final class Handout {

    /**
     * Never copied: the answers (and the mutants of exercises 1 and 6, each half of its answer), the
     * instructors' CI, build output, version control, IDE state.
     */
    private static final Set<String> LEFT_OUT = Set.of("solutions", "LingeringCloseMutantTest.java",
            "HeadDeadlineMutantTest.java", ".ci", "target", ".git", ".idea", ".jqwik-database");

    private static final Pattern SOLUTIONS_PROFILE = Pattern.compile(
            "\\s*<profile>\\s*<id>solutions</id>.*?</profile>", Pattern.DOTALL);
    private static final Pattern EXERCISES_ID = Pattern.compile("<id>exercises</id>");
    private static final Pattern PROFILES_COMMENT = Pattern.compile("<!--(?:(?!-->).)*-->(\\s*<profiles>)", Pattern.DOTALL);
    private static final String PROFILES_FOR_STUDENTS =
            "<!-- The workbook: exercises/java, your code, joins the main sources; the grading tests judge it. -->";

    private static final Pattern ANSWER = Pattern.compile(
            "^([ \\t]*)// BEGIN ANSWER (Exercise \\d+), the students' hand-out has instead: (.+?)[ \\t]*\\n(?:.*?\\n)??[ \\t]*// END ANSWER[ \\t]*$",
            Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern LEFTOVER_MARKER = Pattern.compile("^[ \\t]*// (BEGIN|END) ANSWER", Pattern.MULTILINE);
    private static final Pattern INSTRUCTORS = Pattern.compile(
            "[ \\t]*<!-- instructors -->.*?<!-- /instructors -->[ \\t]*\\n?", Pattern.DOTALL);
    private static final Pattern STUDENTS = Pattern.compile("<!-- students\\n(.*?)\\n-->", Pattern.DOTALL);

    /** Who made the hand-out's one commit: fixed, so that it works where git knows no user. */
    private static final Map<String, String> AUTHOR = Map.of(
            "GIT_AUTHOR_NAME", "loadlab workbook", "GIT_AUTHOR_EMAIL", "workbook@loadlab.invalid",
            "GIT_COMMITTER_NAME", "loadlab workbook", "GIT_COMMITTER_EMAIL", "workbook@loadlab.invalid");

    private Handout() { }

    /** Writes the hand-out into {@code target}, which must not exist or be empty. */
    public static void write(Path root, Path target) throws IOException {
        Path from = root.toAbsolutePath().normalize();
        Path to = target.toAbsolutePath().normalize();
        if (to.startsWith(from.resolve("solutions")) || to.equals(from)) {
            throw new IllegalArgumentException("the hand-out must go outside the repository's solutions and root: " + to);
        }
        if (Files.isDirectory(to)) {
            try (Stream<Path> entries = Files.list(to)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("hand-out folder is not empty: " + to);
                }
            }
        }
        if (!Files.isDirectory(from.resolve(Workbook.SOLUTIONS))) {
            throw new IllegalArgumentException("no " + Workbook.SOLUTIONS + " under " + from
                    + ": a hand-out is made from the instructors' repository");
        }
        if (!Workbook.exercisesNow(from).equals(Workbook.exercisesFor(from))) {
            throw new IllegalArgumentException(Workbook.EXERCISES + " is stale: run `loadlab workbook generate` first");
        }
        try {
            copy(from, to);
            commit(to);
        } catch (IOException | RuntimeException e) {
            removeContents(to); // it was empty: leave no half-made hand-out behind
            throw e;
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.filter(p -> !leftOut(from, p, to)).toList()) {
                Path copy = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.createDirectories(copy.getParent());
                    Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
                    rewrite(copy, from.relativize(source).toString().replace('\\', '/'));
                }
            }
        }
    }

    private static void removeContents(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void rewrite(Path file, String relative) throws IOException {
        String name = file.getFileName().toString();
        String before;
        String after;
        if (relative.equals("pom.xml")) {
            before = read(file);
            after = exercisesByDefault(before);
        } else if (name.endsWith(".md")) {
            before = read(file);
            after = forStudents(before);
        } else if (name.endsWith(".java") && relative.startsWith("src/main/")) {
            before = read(file);
            after = withoutAnswers(before, relative);
        } else {
            return;
        }
        if (!after.equals(before)) {
            Files.writeString(file, after, StandardCharsets.UTF_8);
        }
    }

    /** The pom with the solutions profile gone and the exercises profile active by default. */
    static String exercisesByDefault(String pom) {
        Matcher solutions = SOLUTIONS_PROFILE.matcher(pom);
        if (!solutions.find()) {
            throw new IllegalArgumentException("pom.xml has no <profile> with <id>solutions</id>");
        }
        String withoutSolutions = solutions.replaceFirst("");
        Matcher exercises = EXERCISES_ID.matcher(withoutSolutions);
        if (!exercises.find()) {
            throw new IllegalArgumentException("pom.xml has no <profile> with <id>exercises</id>");
        }
        String active = exercises.replaceFirst(
                "<id>exercises</id>\n      <activation>\n        <activeByDefault>true</activeByDefault>\n      </activation>");
        Matcher comment = PROFILES_COMMENT.matcher(active);
        return comment.find() ? comment.replaceFirst(Matcher.quoteReplacement(PROFILES_FOR_STUDENTS) + "$1") : active;
    }

    /** A lab source with each {@code BEGIN ANSWER} block replaced by the call to the student's code it names. */
    static String withoutAnswers(String source, String fileName) {
        String replaced = ANSWER.matcher(source).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + m.group(3) + " // " + m.group(2) + ": your code, in exercises/java"));
        if (LEFTOVER_MARKER.matcher(replaced).find()) {
            throw new IllegalArgumentException(fileName + ": a BEGIN ANSWER line must read '// BEGIN ANSWER Exercise N,"
                    + " the students' hand-out has instead: CODE' and its block end with '// END ANSWER'");
        }
        return replaced;
    }

    /** A README as the students read it: without the instructors' parts, with the parts written for them. */
    static String forStudents(String markdown) {
        String without = INSTRUCTORS.matcher(markdown).replaceAll("");
        if (without.contains("<!-- instructors -->") || without.contains("<!-- /instructors -->")) {
            throw new IllegalArgumentException("an <!-- instructors --> block without its <!-- /instructors --> end");
        }
        // (a block left out between two blank lines would leave three)
        return STUDENTS.matcher(without).replaceAll(m -> Matcher.quoteReplacement(m.group(1))).replaceAll("\n{3,}", "\n\n");
    }

    /** {@code git init}, {@code add}, {@code commit}: the hand-out as its students' first commit. */
    private static void commit(Path to) throws IOException {
        git(to, "init", "-q", "-b", "main");
        git(to, "add", "-A");
        git(to, "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null",
                "commit", "-q", "-m", "The loadlab workbook, as handed out");
    }

    private static void git(Path dir, String... args) throws IOException {
        List<String> command = Stream.concat(Stream.of("git"), Stream.of(args)).toList();
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        // The caller's repository must not leak in: git is to work on the hand-out's own folder.
        List.of("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY").forEach(env::remove);
        env.putAll(AUTHOR);
        Process git;
        try {
            git = builder.start();
        } catch (IOException e) {
            throw new IOException("the hand-out is a git repository, and git could not be run (is it installed?): " + e.getMessage(), e);
        }
        try {
            String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (git.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed in " + dir + ": " + output);
            }
        } catch (InterruptedException e) {
            git.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static boolean leftOut(Path root, Path path, Path target) {
        if (path.startsWith(target)) {
            return true;
        }
        Path relative = root.relativize(path);
        for (Path part : relative) {
            if (LEFT_OUT.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }
}
