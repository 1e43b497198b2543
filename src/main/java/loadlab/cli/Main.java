package loadlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code serve} a model, {@code load} a server, {@code compare} models, join a locust
 * master as a {@code locust-worker}, {@code merge} the workers' latency logs.
 */
@Command(name = "loadlab", mixinStandardHelpOptions = true, version = "loadlab 0.1",
        description = "A lab for HTTP server concurrency models and honest load measurement.",
        subcommands = {ServeCommand.class, LoadCommand.class, CompareCommand.class, CheckCommand.class, WorkbookCommand.class,
                LocustWorkerCommand.class, MergeCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command and returns its exit code: 0 done, 1 a threshold broken, 2 bad usage. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((ex, ignoredArgs) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return 2;
        });
        return cli.execute(args);
    }
}
