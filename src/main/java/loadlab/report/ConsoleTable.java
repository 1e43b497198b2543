package loadlab.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.ServerResources;
import loadlab.stats.Comparison;
import loadlab.stats.Estimate;

/** The table that closes a run: per model its estimates, per asked comparison its verdict. */
public final class ConsoleTable {

    private ConsoleTable() { }

    public static void print(ExperimentResult result, PrintStream out) {
        out.println();
        out.println(result.name() + ": " + result.rounds() + " rounds, seed " + result.seed() + ", "
                + result.machine().cores() + " cores, " + result.stopMessage());
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", "n", "RPS mean ± CI", Math.round(result.plan().level() * 100) + "% CI", "CV",
                "p50", "p99", "failures", "CPU/request", "threads", "procs", "RSS"));
        for (String model : result.models()) {
            Estimate rps = result.rps(model);
            ServerResources peaks = Derived.resources(result.trials(model));
            rows.add(List.of(model, String.valueOf(rps.n()),
                    Figures.number(rps.mean()) + " ± " + Figures.number(rps.halfWidth(), rps.mean()),
                    Figures.number(rps.lower(), rps.mean()) + ".." + Figures.number(rps.upper(), rps.mean()),
                    Figures.percent(rps.coefficientOfVariation()),
                    Figures.micros(result.latencyMicros(model, 50)), Figures.micros(result.latencyMicros(model, 99)),
                    result.failures(model) + " of " + result.requests(model),
                    Figures.micros(result.cpuMicrosPerRequest(model)),
                    String.valueOf(peaks.peakThreads()), String.valueOf(peaks.peakProcesses()),
                    Figures.mib(peaks.peakRssBytes())));
        }
        print(rows, out);
        List<Comparison> comparisons = result.comparisons();
        if (!comparisons.isEmpty()) {
            out.println();
            List<List<String>> cmp = new ArrayList<>();
            cmp.add(List.of("comparison", "ratio", Math.round(result.plan().level() * 100) + "% CI", "paired p", "verdict"));
            for (Comparison c : comparisons) {
                cmp.add(List.of(c.nameA() + " / " + c.nameB() + (result.isAA(c.nameA(), c.nameB()) ? " (A/A)" : ""),
                        Figures.ratio(c.ratio()), Figures.ratio(c.ratioLower()) + ".." + Figures.ratio(c.ratioUpper()),
                        Figures.pValue(c.pairedP()), c.verdict().toString()));
            }
            print(cmp, out);
            out.println("  " + result.plan().rule().describeInterval() + "; HIGHER/LOWER beyond the "
                    + Math.round(result.plan().margin() * 100) + "% margin, SAME inside the "
                    + Math.round(result.plan().rule().band() * 100) + "% band"
                    + (comparisons.stream().anyMatch(c -> result.isAA(c.nameA(), c.nameB()))
                    ? "; A/A: a model against itself, the noise floor" : ""));
            if (!result.rejected().isEmpty()) {
                out.println("  rejected and run again: " + result.rejected().size() + " trial(s), listed in the report");
            }
        }
        out.flush();
    }

    // Columns padded to their widest cell; text left, figures right.
    private static void print(List<List<String>> rows, PrintStream out) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder(" ");
            List<String> row = rows.get(r);
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                String pad = " ".repeat(widths[i] - cell.length());
                line.append(' ').append(i == 0 || r == 0 ? cell + pad : pad + cell).append(' ');
            }
            out.println(line.toString().stripTrailing());
            if (r == 0) {
                out.println("  " + "-".repeat(line.length() - 3));
            }
        }
    }
}
