package loadlab.workbook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The students' copy of the repository: everything but the solutions, with the exercises profile
 * active by default, so that {@code mvn test} builds and grades the exercises on a fresh machine.
 */
public final class Handout {

    /** Folders never copied: the answers, build output, version control, IDE state. */
    private static final Set<String> LEFT_OUT = Set.of("solutions", "target", ".git", ".idea", ".jqwik-database");

    private static final Pattern SOLUTIONS_PROFILE = Pattern.compile(
            "\\s*<profile>\\s*<id>solutions</id>.*?</profile>", Pattern.DOTALL);
    private static final Pattern EXERCISES_ID = Pattern.compile("<id>exercises</id>");

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
        if (!Files.isDirectory(from.resolve(Workbook.EXERCISES))) {
            throw new IllegalArgumentException("no " + Workbook.EXERCISES + " under " + from
                    + ": run `loadlab workbook generate` first");
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.filter(p -> !leftOut(from, p, to)).toList()) {
                Path copy = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.createDirectories(copy.getParent());
                    Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Path pom = to.resolve("pom.xml");
        Files.writeString(pom, exercisesByDefault(Files.readString(pom, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
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
        return exercises.replaceFirst("<id>exercises</id>\n      <activation>\n        <activeByDefault>true</activeByDefault>\n      </activation>");
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
