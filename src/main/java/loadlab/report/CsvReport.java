package loadlab.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Measurement;
import loadlab.experiment.ServerResources;
import loadlab.experiment.Trial;
import loadlab.stats.Comparison;
import loadlab.stats.Estimate;

/**
 * summary.csv: one long table for a spreadsheet or pandas. The {@code kind} column says what a
 * row is: {@code trial} (one per trial), {@code model} (one per model, the estimates across its
 * trials) or {@code comparison} (one per asked comparison, {@code model} over {@code baseline}).
 * A column that does not apply to a kind is empty. Times in milliseconds, memory in MiB. Rejected
 * trials are not rows here (they are in summary.json and index.html): no figure uses them.
 */
public final class CsvReport {

    static final List<String> HEADER = List.of("kind", "model", "baseline", "round", "position", "n", "rps",
            "rps_lower", "rps_upper", "rps_cv", "requests", "failures", "p50_ms", "p99_ms", "cpu_seconds",
            "cpu_us_per_request", "peak_threads", "peak_processes", "peak_rss_mib", "peak_open_fds",
            "ratio", "ratio_lower", "ratio_upper", "p_value", "verdict");

    private CsvReport() { }

    public static void write(ExperimentResult result, Path file) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            out.print(String.join(",", HEADER) + "\n");
            for (Trial t : result.trials()) {
                Measurement m = t.measurement();
                ServerResources r = m.resources();
                row(out, "trial", t.model(), "", t.round(), t.position(), "", m.rps(), "", "", "", m.requests(),
                        m.failures(), m.load().latencyAt(50) / 1000, m.load().latencyAt(99) / 1000, r.cpuSeconds(),
                        m.cpuMicrosPerRequest(), r.peakThreads(), r.peakProcesses(), r.peakRssBytes() / MIB,
                        r.peakOpenFds(), "", "", "", "", "");
            }
            for (String model : result.models()) {
                Estimate e = result.rps(model);
                ServerResources r = Derived.resources(result.trials(model));
                row(out, "model", model, "", "", "", e.n(), e.mean(), e.lower(), e.upper(), e.coefficientOfVariation(),
                        result.requests(model), result.failures(model), result.latencyMicros(model, 50) / 1000,
                        result.latencyMicros(model, 99) / 1000, "", result.cpuMicrosPerRequest(model), r.peakThreads(),
                        r.peakProcesses(), r.peakRssBytes() / MIB, r.peakOpenFds(), "", "", "", "", "");
            }
            for (Comparison c : result.comparisons()) {
                row(out, "comparison", c.nameA(), c.nameB(), "", "", c.n(), "", "", "", "", "", "", "", "", "", "",
                        "", "", "", "", c.ratio(), c.ratioLower(), c.ratioUpper(), c.pairedP(), c.verdict().name());
            }
        }
    }

    private static final double MIB = 1024.0 * 1024.0;

    private static void row(PrintWriter out, Object... cells) {
        List<String> text = new ArrayList<>();
        for (Object cell : cells) {
            text.add(cell(cell));
        }
        if (text.size() != HEADER.size()) {
            throw new IllegalStateException("a CSV row has " + text.size() + " cells for " + HEADER.size() + " columns");
        }
        out.print(text.stream().collect(Collectors.joining(",")) + "\n");
    }

    private static String cell(Object value) {
        if (value instanceof Double d) {
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : "";
        }
        String s = String.valueOf(value);
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
