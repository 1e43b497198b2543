package loadlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import loadlab.load.Summary;
import loadlab.load.TrialFiles;
import loadlab.locust.MergedLogs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code merge DIR...}: the HdrHistogram logs of several workers as one result, by adding histograms. */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Adds the latency logs of locust workers into one result.",
                "",
                "Reads the HdrHistogram logs (*.hlog) that locust-worker --log-dir wrote,",
                "from any number of workers and machines. The percentiles are those of",
                "the summed histogram, never an average of the workers' percentiles. It",
                "prints the summary `load` prints.",
                "",
                "Exit code: 0 done, 2 bad usage (no logs found, a file that is not such a log).",
                ""})
public final class MergeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "directories holding *.hlog files, or the files themselves")
    List<Path> places;

    @Option(names = "--json", paramLabel = "FILE", description = "write the merged result as JSON, as load --json does")
    Path json;

    @Option(names = "--csv", paramLabel = "FILE", description = "write the merged per-second series as CSV")
    Path csv;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Override
    public Integer call() throws Exception {
        MergedLogs merged;
        try {
            merged = MergedLogs.read(places);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), e.getMessage());
        }
        PrintWriter out = commandSpec.commandLine().getOut();
        long sum = 0;
        for (Map.Entry<Path, Long> e : merged.counts().entrySet()) {
            out.printf("%-60s %10d responses%n", e.getKey(), e.getValue());
            sum += e.getValue();
        }
        long count = merged.result().latency().getTotalCount();
        out.printf("merged histogram: %d responses (the logs' sum: %d)%n%n", count, sum);
        out.print(Summary.table(merged.result(), merged.spec()));
        out.println("(The logs hold latencies and failures only: the in-flight, think and generator CPU figures above"
                + " are not measured in a merge; each worker's own output has them.)");
        if (csv != null) {
            TrialFiles.writeCsv(merged.result(), csv);
            out.println("series written to " + csv);
        }
        if (json != null) {
            TrialFiles.writeJson(merged.result(), merged.spec(), json);
            out.println("result written to " + json);
        }
        out.flush();
        return 0;
    }
}
