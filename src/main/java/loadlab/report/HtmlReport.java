package loadlab.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * index.html: the estimates with their intervals, the verdicts, the charts and every trial, in
 * one page that opens offline: the style is inline, there is no script, and the charts are PNG
 * files beside it.
 */
public final class HtmlReport {

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
            th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.7em; }
            th { background: #f3f3f3; text-align: left; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            .HIGHER { color: #0a6b0a; font-weight: bold; }
            .LOWER { color: #b00020; font-weight: bold; }
            .INCONCLUSIVE { color: #8a6d00; font-weight: bold; }
            .warn { color: #b00020; }
            img { max-width: 100%; display: block; margin: 0.5em 0 1.5em; }
            .muted { color: #666; }
            """;

    private HtmlReport() { }

    public static void write(Summary s, List<String> charts, Path file) throws IOException {
        Files.writeString(file, html(s, charts), StandardCharsets.UTF_8);
    }

    static String html(Summary s, List<String> charts) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>loadlab: ")
                .append(esc(s.experiment())).append("</title>\n<style>").append(STYLE).append("</style></head><body>\n");
        h.append("<h1>").append(esc(s.experiment())).append("</h1>\n");
        h.append("<p>").append(s.rounds()).append(" rounds in ").append(Figures.number(s.elapsedSeconds()))
                .append(" s, started ").append(esc(s.startedAt())).append(". Stopped: <b>").append(esc(s.stopReason()))
                .append("</b>, ").append(esc(s.stopMessage())).append(".</p>\n");
        h.append("<p class=\"muted\">Seed ").append(s.seed()).append(" (repeat the order with <code>-Dloadlab.seed=")
                .append(s.seed()).append("</code>); rounds ").append(s.minRounds()).append("..").append(s.maxRounds())
                .append(", budget ").append(Figures.number(s.budgetSeconds())).append(" s, verdict margin ")
                .append(Figures.percent(s.margin())).append(", ").append(Figures.percent(s.level()))
                .append(" confidence. Machine: ").append(s.machine().cores()).append(" cores, ")
                .append(esc(s.machine().os())).append(", ").append(esc(s.machine().jdk())).append(".</p>\n");
        if (!s.conditions().isEmpty()) {
            h.append("<h2>Conditions</h2>\n<table>");
            for (Map.Entry<String, String> e : s.conditions().entrySet()) {
                h.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(esc(e.getValue())).append("</td></tr>");
            }
            h.append("</table>\n");
        }
        estimates(s, h);
        comparisons(s, h);
        h.append("<h2>Charts</h2>\n");
        for (String chart : charts) {
            h.append("<img src=\"").append(esc(chart)).append("\" alt=\"").append(esc(chart)).append("\">\n");
        }
        trials(s, h);
        h.append("<p class=\"muted\">The same figures: <a href=\"summary.csv\">summary.csv</a>, ")
                .append("<a href=\"summary.json\">summary.json</a>.</p>\n</body></html>\n");
        return h.toString();
    }

    private static void estimates(Summary s, StringBuilder h) {
        h.append("<h2>Throughput per model</h2>\n<p class=\"muted\">One value per trial; the interval is Student's t ")
                .append("over the trials. Latencies are the median over trials of each trial's percentile; CPU per ")
                .append("request is the server's CPU time (children included) over its requests.</p>\n<table><tr>");
        for (String col : List.of("model", "n", "RPS mean", Figures.percent(s.level()) + " CI", "CV", "min", "max",
                "p50", "p99", "failures", "CPU/request", "peak threads", "peak processes", "peak RSS", "peak fds")) {
            h.append("<th>").append(esc(col)).append("</th>");
        }
        h.append("</tr>\n");
        for (Summary.ModelRow m : s.models()) {
            h.append("<tr><td>").append(esc(m.model())).append("</td>");
            cells(h, String.valueOf(m.n()), Figures.number(m.rpsMean()),
                    Figures.number(m.rpsLower(), m.rpsMean()) + " .. " + Figures.number(m.rpsUpper(), m.rpsMean()), Figures.percent(m.rpsCv()),
                    Figures.number(m.rpsMin()), Figures.number(m.rpsMax()), Figures.micros(m.p50Micros()),
                    Figures.micros(m.p99Micros()), m.failures() + " of " + m.requests(),
                    Figures.micros(m.cpuMicrosPerRequest()), String.valueOf(m.peakThreads()),
                    String.valueOf(m.peakProcesses()), Figures.mib(m.peakRssBytes()), String.valueOf(m.peakOpenFds()));
            h.append("</tr>\n");
            if (!m.outlierRounds().isEmpty()) {
                h.append("<tr><td></td><td colspan=\"14\" class=\"warn\">outliers (Tukey fences, kept): rounds ")
                        .append(m.outlierRounds()).append("</td></tr>\n");
            }
        }
        h.append("</table>\n");
    }

    private static void comparisons(Summary s, StringBuilder h) {
        if (s.comparisons().isEmpty()) {
            return;
        }
        h.append("<h2>Verdicts</h2>\n<p class=\"muted\">The ratio is the geometric mean of the per-round ratios; a ")
                .append("verdict is given only when the whole interval lies beyond the ")
                .append(Figures.percent(s.margin())).append(" margin. Welch's p ignores the pairing and is shown for ")
                .append("reference.</p>\n<table><tr><th>model</th><th>baseline</th><th>n</th><th>ratio</th><th>")
                .append(Figures.percent(s.level())).append(" CI</th><th>Welch p</th><th>verdict</th></tr>\n");
        for (Summary.ComparisonRow c : s.comparisons()) {
            h.append("<tr><td>").append(esc(c.model())).append("</td><td>").append(esc(c.baseline())).append("</td>");
            cells(h, String.valueOf(c.n()), Figures.ratio(c.ratio()),
                    Figures.ratio(c.ratioLower()) + " .. " + Figures.ratio(c.ratioUpper()), Figures.pValue(c.pValue()));
            h.append("<td class=\"").append(esc(c.verdict())).append("\">").append(esc(c.verdict())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void trials(Summary s, StringBuilder h) {
        h.append("<h2>Trials</h2>\n<table><tr>");
        for (String col : List.of("round", "#", "model", "start", "RPS", "requests", "failures", "p50", "p99",
                "CPU/request", "CPU cores", "threads", "processes", "RSS", "fds")) {
            h.append("<th>").append(col).append("</th>");
        }
        h.append("</tr>\n");
        for (Summary.TrialRow t : s.trials()) {
            h.append("<tr>");
            cells(h, String.valueOf(t.round()), String.valueOf(t.position()));
            h.append("<td>").append(esc(t.model())).append("</td>");
            cells(h, Figures.number(t.startSeconds()) + " s", Figures.number(t.rps()), String.valueOf(t.requests()),
                    t.failures() + (t.failures() == 0 ? "" : " " + t.failuresByCategory()),
                    Figures.micros(t.latency().p50Micros()), Figures.micros(t.latency().p99Micros()),
                    Figures.micros(t.cpuMicrosPerRequest()), Figures.number(t.resources().cpuCores()),
                    String.valueOf(t.resources().peakThreads()), String.valueOf(t.resources().peakProcesses()),
                    Figures.mib(t.resources().peakRssBytes()), String.valueOf(t.resources().peakOpenFds()));
            h.append("</tr>\n");
            List<String> notes = new java.util.ArrayList<>(t.warnings());
            t.laws().stream().filter(l -> !l.holds()).forEach(l -> notes.add(l.law() + " does not hold: expected "
                    + Figures.number(l.expected()) + ", observed " + Figures.number(l.observed())));
            notes.addAll(t.failureExamples());
            if (!notes.isEmpty()) {
                h.append("<tr><td></td><td colspan=\"14\" class=\"warn\">")
                        .append(notes.stream().map(HtmlReport::esc).collect(Collectors.joining("<br>"))).append("</td></tr>\n");
            }
        }
        h.append("</table>\n");
    }

    private static void cells(StringBuilder h, String... values) {
        for (String v : values) {
            h.append("<td class=\"n\">").append(esc(v)).append("</td>");
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
