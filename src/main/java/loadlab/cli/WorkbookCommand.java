package loadlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import loadlab.workbook.Handout;
import loadlab.workbook.Workbook;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code workbook generate | handout DIR}: the instructor's tools for exercises/ and the students' copy. */
@Command(name = "workbook", mixinStandardHelpOptions = true,
        description = "Makes exercises/ from solutions/, and the students' hand-out.",
        subcommands = {WorkbookCommand.Generate.class, WorkbookCommand.HandoutCommand.class})
public final class WorkbookCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which: generate or handout DIR");
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Rewrites exercises/java from solutions/java: each SOLUTION block becomes a TODO that throws.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--root", defaultValue = ".", description = "the repository (default: the current folder)")
        Path root;

        @Override
        public Integer call() throws Exception {
            for (String file : Workbook.generate(root)) {
                System.out.println("wrote " + file);
            }
            return 0;
        }
    }

    @Command(name = "handout", mixinStandardHelpOptions = true,
            description = "Writes the students' copy: the repository without solutions/, exercises active by default.")
    static final class HandoutCommand implements Callable<Integer> {
        @Option(names = "--root", defaultValue = ".", description = "the repository (default: the current folder)")
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
                    + "; students run: cd " + target + " && mvn test");
            return 0;
        }
    }
}
