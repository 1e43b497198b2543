package loadlab.workbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The workbook: {@code solutions/java} is the one source; {@code exercises/java} is made from it by
 * turning every block between {@code // BEGIN SOLUTION Exercise N: what to do} and
 * {@code // END SOLUTION} into a TODO that throws, and keeping everything else. A block must end its
 * method (the throw makes anything after it unreachable).
 */
public final class Workbook {

    public static final String SOLUTIONS = "solutions/java";
    public static final String EXERCISES = "exercises/java";

    private static final Pattern BEGIN = Pattern.compile("^(\\s*)// BEGIN SOLUTION (Exercise \\d+: .+)$");
    private static final Pattern END = Pattern.compile("^\\s*// END SOLUTION\\s*$");

    private Workbook() { }

    /** The exercise version of one solution file. */
    public static String strip(String source, String fileName) {
        StringBuilder out = new StringBuilder(source.length());
        String[] lines = source.split("\n", -1);
        int openedAt = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher begin = BEGIN.matcher(line);
            if (begin.matches()) {
                if (openedAt >= 0) {
                    throw new IllegalArgumentException(fileName + ":" + (i + 1)
                            + ": BEGIN SOLUTION inside the block opened at line " + (openedAt + 1));
                }
                openedAt = i;
                String indent = begin.group(1);
                String task = begin.group(2).strip();
                out.append(indent).append("// TODO ").append(task).append('\n');
                out.append(indent).append("throw new UnsupportedOperationException(\"")
                        .append(task.replace("\\", "\\\\").replace("\"", "\\\"")).append("\");");
            } else if (line.contains("BEGIN SOLUTION")) {
                throw new IllegalArgumentException(fileName + ":" + (i + 1)
                        + ": a BEGIN SOLUTION line must read '// BEGIN SOLUTION Exercise N: what to do'");
            } else if (END.matcher(line).matches()) {
                if (openedAt < 0) {
                    throw new IllegalArgumentException(fileName + ":" + (i + 1) + ": END SOLUTION without BEGIN");
                }
                openedAt = -1;
                continue; // the END line goes with the block
            } else if (openedAt < 0) {
                out.append(line);
            } else {
                continue; // solution code: left out
            }
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        if (openedAt >= 0) {
            throw new IllegalArgumentException(fileName + ":" + (openedAt + 1) + ": BEGIN SOLUTION never ended");
        }
        return out.toString();
    }

    /** What {@code exercises/java} should hold: relative path to content, for every solution file. */
    public static Map<String, String> exercisesFor(Path root) {
        Path solutions = root.resolve(SOLUTIONS);
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(solutions)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String relative = solutions.relativize(file).toString().replace('\\', '/');
                String content = Files.readString(file, StandardCharsets.UTF_8);
                files.put(relative, relative.endsWith(".java") ? strip(content, relative) : content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + solutions, e);
        }
        return files;
    }

    /** What {@code exercises/java} holds now. */
    public static Map<String, String> exercisesNow(Path root) {
        Path exercises = root.resolve(EXERCISES);
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(exercises)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(exercises)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(exercises.relativize(file).toString().replace('\\', '/'), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + exercises, e);
        }
        return files;
    }

    /** Regenerates {@code exercises/java} from {@code solutions/java}; returns the files written. */
    public static List<String> generate(Path root) throws IOException {
        Map<String, String> wanted = exercisesFor(root);
        Path exercises = root.resolve(EXERCISES);
        for (String stale : exercisesNow(root).keySet()) {
            if (!wanted.containsKey(stale)) {
                Files.delete(exercises.resolve(stale));
            }
        }
        List<String> written = new ArrayList<>();
        for (Map.Entry<String, String> file : wanted.entrySet()) {
            Path target = exercises.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            written.add(EXERCISES + "/" + file.getKey());
        }
        return written;
    }
}
