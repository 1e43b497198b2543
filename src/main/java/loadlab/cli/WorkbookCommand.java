package loadlab.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import loadlab.workbook.Exercise;
import loadlab.workbook.Grades;
import loadlab.workbook.Handout;
import loadlab.workbook.Workbook;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code workbook grade [EXERCISE...]} grades the exercises; {@code workbook generate} and
 * {@code workbook handout DIR} are the instructors' tools for exercises/ and the students' copy.
 */
@Command(name = "workbook", mixinStandardHelpOptions = true,
        description = "The workbook: grade your exercises; in the instructors' repository, make exercises/ and the hand-out.",
        subcommands = {WorkbookCommand.Grade.class, WorkbookCommand.Generate.class, WorkbookCommand.HandoutCommand.class})
public final class WorkbookCommand implements Callable<Integer> {

    /** The folder the {@code ./loadlab} script lives in, which it passes on; else the current folder. */
    static final String ROOT = "${sys:loadlab.root:-.}";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which: grade, generate or handout DIR");
    }

    @Command(name = "grade", mixinStandardHelpOptions = true,
            description = {"Runs the grading tests of your exercises (all six, or those named) with Maven, and prints",
                    "one line per exercise: PASS, not done yet: what to do, or FAIL: the first failure.",
                    "Exits 0 when nothing failed, 1 when an exercise failed or the build broke."})
    static final class Grade implements Callable<Integer> {
        @Parameters(paramLabel = "EXERCISE", arity = "0..*", description = "an exercise's number or name: 1 or lingering-close (default: all)")
        List<String> exercises = new ArrayList<>();

        @Option(names = "--solutions", description = "grade solutions/java instead of exercises/java (the instructors' repository)")
        boolean solutions;

        @Option(names = "--root", defaultValue = ROOT, description = "the lab's folder (default: where ./loadlab is)")
        Path root;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            List<Exercise> chosen;
            try {
                chosen = exercises.isEmpty() ? Arrays.asList(Exercise.values())
                        : exercises.stream().map(Exercise::parse).distinct().toList();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (!Files.isRegularFile(root.resolve("pom.xml"))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no pom.xml in " + root.toAbsolutePath().normalize()
                        + ": run this in the lab's folder, or give --root");
            }
            if (solutions && !Files.isDirectory(root.resolve(Workbook.SOLUTIONS))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--solutions: there is no " + Workbook.SOLUTIONS
                        + " here (a students' hand-out has only the exercises)");
            }
            Path grades = root.resolve(Grades.FILE);
            Files.deleteIfExists(grades);
            int maven;
            try {
                maven = new ProcessBuilder(mavenCommand(chosen, solutions)).directory(root.toFile()).inheritIO().start().waitFor();
            } catch (IOException e) {
                System.err.println("loadlab: grading runs Maven (mvn), and it could not be started: " + e.getMessage());
                return 1;
            }
            if (!Files.isRegularFile(grades)) {
                System.err.println("loadlab: no grades: Maven stopped (exit " + maven + ") before the grading tests reported;"
                        + " its messages above say why (a compile error in your code, for example)");
                return 1;
            }
            System.out.println();
            System.out.print(Files.readString(grades, StandardCharsets.UTF_8));
            return maven == 0 ? 0 : 1;
        }

        /** The Maven run: quiet, the chosen exercises' grading tests, the table left to this command to print. */
        static List<String> mavenCommand(List<Exercise> exercises, boolean solutions) {
            return List.of("mvn", "-q", "-B", "-Dstyle.color=never", "test", "-P" + (solutions ? "solutions" : "exercises"),
                    "-Dtest=" + exercises.stream().map(Exercise::gradingTests).collect(Collectors.joining(",")),
                    "-Dsurefire.failIfNoSpecifiedTests=false", "-Dloadlab.grades.quiet=true");
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Rewrites exercises/java from solutions/java: each SOLUTION block becomes a TODO that throws.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--root", defaultValue = ROOT, description = "the repository (default: where ./loadlab is)")
        Path root;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(root.resolve(Workbook.SOLUTIONS))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no " + Workbook.SOLUTIONS + " in "
                        + root.toAbsolutePath().normalize() + ": exercises are made from the solutions, in the instructors' repository");
            }
            for (String file : Workbook.generate(root)) {
                System.out.println("wrote " + file);
            }
            return 0;
        }
    }

    @Command(name = "handout", mixinStandardHelpOptions = true,
            description = "Writes the students' copy: a git repository without solutions/, exercises active by default.")
    static final class HandoutCommand implements Callable<Integer> {
        @Option(names = "--root", defaultValue = ROOT, description = "the repository (default: where ./loadlab is)")
        Path root;

        @Parameters(paramLabel = "DIR", description = "where to write it (must not exist, or be empty)")
        Path target;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try {
                Handout.write(root, target);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            System.out.println("hand-out written to " + target.toAbsolutePath().normalize()
                    + " (a git repository, one commit); students run: cd " + target + " && ./loadlab workbook grade");
            return 0;
        }
    }
}
