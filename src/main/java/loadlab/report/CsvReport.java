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

/**
 * summary.csv: one long table for a spreadsheet or pandas. The {@code kind} column says what a
 * row is: {@code trial} (one per trial), {@code model} (one per model, the estimates across its
 * trials) or {@code comparison} (one per asked comparison, {@code model} over {@code baseline}).
 * A column that does not apply to a kind is empty. Times in milliseconds, memory in MiB.
 */
public final class CsvReport {

    static final List<String> HEADER = List.of("kind", "model", "baseline", "round", "position", "n", "rps",
            "rps_lower", "rps_upper", "rps_cv", "requests", "failures", "p50_ms", "p99_ms", "cpu_seconds",
            "cpu_us_per_request", "peak_threads", "peak_processes", "peak_rss_mib", "peak_open_fds",
            "ratio", "ratio_lower", "ratio_upper", "p_value", "verdict");

    private CsvReport() { }

    public static void write(Summary s, Path file) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            out.print(String.join(",", HEADER) + "\n");
            for (Summary.TrialRow t : s.trials()) {
                row(out, "trial", t.model(), "", t.round(), t.position(), "", t.rps(), "", "", "", t.requests(),
                        t.failures(), t.latency().p50Micros() / 1000, t.latency().p99Micros() / 1000,
                        t.resources().cpuSeconds(), t.cpuMicrosPerRequest(), t.resources().peakThreads(),
                        t.resources().peakProcesses(), t.resources().peakRssBytes() / 1048576.0,
                        t.resources().peakOpenFds(), "", "", "", "", "");
            }
            for (Summary.ModelRow m : s.models()) {
                row(out, "model", m.model(), "", "", "", m.n(), m.rpsMean(), m.rpsLower(), m.rpsUpper(), m.rpsCv(),
                        m.requests(), m.failures(), m.p50Micros() / 1000, m.p99Micros() / 1000, "",
                        m.cpuMicrosPerRequest(), m.peakThreads(), m.peakProcesses(), m.peakRssBytes() / 1048576.0,
                        m.peakOpenFds(), "", "", "", "", "");
            }
            for (Summary.ComparisonRow c : s.comparisons()) {
                row(out, "comparison", c.model(), c.baseline(), "", "", c.n(), "", "", "", "", "", "", "", "", "", "",
                        "", "", "", "", c.ratio(), c.ratioLower(), c.ratioUpper(), c.pValue(), c.verdict());
            }
        }
    }

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
