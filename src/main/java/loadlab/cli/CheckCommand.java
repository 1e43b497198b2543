package loadlab.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import loadlab.Durations;
import loadlab.check.Battery;
import loadlab.server.EchoServer;
import loadlab.server.ExternalServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code check}: the server correctness battery, against any server; exit 0 when every case passes. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the lab's server correctness battery against a server that echoes HTTP requests:",
                "ours (--model), or any command in any language (--external 'python3 server.py {port}').",
                "One line per case, PASS or FAIL with what was received, then a total.",
                "Exit code 0: every case passed; 1: some case failed; 2: bad usage, or the server did not start."})
public final class CheckCommand implements Callable<Integer> {

    static final class Target {
        @Option(names = "--external", paramLabel = "'CMD {port}'", required = true,
                description = "a command serving HTTP on {port}; started, checked, stopped with its whole process tree")
        String external;

        @Option(names = "--model", paramLabel = "NAME", required = true, description = "one of the lab's models (see `serve --help`)")
        String model;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--start-timeout", defaultValue = "10s", description = "for --external: how long it may take to accept"
            + " a connection (default: ${DEFAULT-VALUE})")
    String startTimeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EchoServer server;
        try {
            Duration timeout = Durations.parse(startTimeout);
            server = target.external != null ? ExternalServer.start("external", target.external, timeout)
                    : Models.start(target.model, ServerConfig.defaults());
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (server) {
            out.println("loadlab check " + (target.external != null ? "--external '" + target.external + "'" : target.model)
                    + " on " + server.uri());
            List<Battery.Outcome> outcomes = Battery.run(server.address());
            outcomes.forEach(out::println);
            long failed = outcomes.stream().filter(o -> !o.passed()).count();
            out.printf("%d cases: %d passed, %d failed%n", outcomes.size(), outcomes.size() - failed, failed);
            out.flush();
            return failed == 0 ? 0 : 1;
        }
    }
}
