package loadlab.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Measurement;
import loadlab.experiment.Plan;
import loadlab.experiment.ServerResources;
import loadlab.experiment.Trial;
import loadlab.load.Warning;
import loadlab.stats.Comparison;
import loadlab.stats.Estimate;
import loadlab.stats.LawCheck;
import loadlab.stats.Verdict;

/**
 * index.html, in the order a reader asks: the verdicts first (coloured, A/A comparisons labelled,
 * the rule in one sentence, the ratio chart), then the trials that were rejected and why, the
 * estimates per model with their charts, the conditions, and every trial. One page that opens
 * offline: the style is inline, there is no script, and the charts are PNG files beside it.
 */
public final class HtmlReport {

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 76em; padding: 0 1em; color: #222; }
            h1 { margin-bottom: 0.2em; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.92em; }
            th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.6em; vertical-align: top; }
            th { background: #f3f3f3; text-align: left; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.name { white-space: nowrap; }
            .wide { overflow-x: auto; }
            table.data { font-size: 0.84em; }
            table.data th, table.data td { padding: 0.2em 0.45em; }
            .verdicts td { font-size: 1.05em; padding: 0.4em 0.7em; }
            .verdict { display: inline-block; min-width: 7.5em; text-align: center; padding: 0.2em 0.6em;
                       border-radius: 0.3em; color: #fff; font-weight: bold; letter-spacing: 0.03em; }
            .aa { display: inline-block; padding: 0 0.4em; margin-right: 0.4em; border-radius: 0.3em;
                  background: #555; color: #fff; font-size: 0.8em; font-weight: bold; }
            .rule { background: #f6f8fb; border-left: 4px solid #1f5fbf; padding: 0.6em 0.9em; }
            .rejected { border-left: 4px solid #b00020; padding-left: 0.9em; }
            .warn { color: #b00020; }
            img { max-width: 100%; display: block; margin: 0.5em 0 1.5em; }
            .pairs { display: flex; flex-wrap: wrap; gap: 0 1em; }
            .pairs img { max-width: calc(50% - 0.5em); margin: 0.3em 0 0.8em; }
            .muted { color: #666; }
            """;

    private HtmlReport() { }

    public static void write(ExperimentResult result, List<String> charts, Path file) throws IOException {
        Files.writeString(file, html(result, charts), StandardCharsets.UTF_8);
    }

    static String html(ExperimentResult r, List<String> charts) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>loadlab: ")
                .append(esc(r.name())).append("</title>\n<style>").append(STYLE).append(verdictStyle())
                .append("</style></head><body>\n");
        h.append("<h1>").append(esc(r.name())).append("</h1>\n");
        h.append("<p>").append(r.rounds()).append(" rounds in ").append(Figures.number(r.elapsed().toNanos() / 1e9))
                .append(" s, started ").append(esc(r.startedAt().toString())).append(". Stopped: <b>")
                .append(esc(r.stopReason().name())).append("</b>, ").append(esc(r.stopMessage())).append(".</p>\n");
        verdicts(r, charts, h);
        rejected(r, h);
        estimates(r, h);
        for (String chart : List.of(Charts.RPS, Charts.LATENCY)) {
            image(h, chart, charts);
        }
        conditions(r, h);
        h.append("<h2>Each trial, second by second</h2>\n<p class=\"muted\">One chart per arm, one line per round: ")
                .append("a trial that never settled into a steady state shows here.</p>\n<div class=\"pairs\">\n");
        Charts.overTimeFiles(r).values().forEach(chart -> image(h, chart, charts));
        h.append("</div>\n");
        trials(r, h);
        h.append("<p class=\"muted\">The same figures: <a href=\"summary.csv\">summary.csv</a>, ")
                .append("<a href=\"summary.json\">summary.json</a>.</p>\n</body></html>\n");
        return h.toString();
    }

    private static String verdictStyle() {
        StringBuilder css = new StringBuilder();
        for (Verdict v : Verdict.values()) {
            Color c = Charts.VERDICT_COLOURS.get(v);
            css.append(String.format(Locale.ROOT, ".verdict.%s { background: #%06x; }%n", v, c.getRGB() & 0xffffff));
        }
        return css.toString();
    }

    private static void verdicts(ExperimentResult r, List<String> charts, StringBuilder h) {
        List<Comparison> comparisons = r.comparisons();
        if (comparisons.isEmpty()) {
            return;
        }
        h.append("<h2>Verdicts</h2>\n<p class=\"rule\"><b>The rule:</b> ").append(esc(Figures.rule(r.plan().rule())))
                .append("</p>\n<table class=\"verdicts\"><tr><th>comparison</th><th>ratio</th><th>")
                .append(esc(r.plan().rule().describeInterval())).append("</th><th>rounds</th><th>paired p</th><th>verdict</th></tr>\n");
        for (Comparison c : comparisons) {
            h.append("<tr><td class=\"name\">").append(r.isAA(c.nameA(), c.nameB()) ? "<span class=\"aa\">A/A</span>" : "")
                    .append("<b>").append(esc(c.nameA())).append("</b> / ").append(esc(c.nameB())).append("</td>");
            cells(h, Figures.ratio(c.ratio()), Figures.ratio(c.ratioLower()) + " .. " + Figures.ratio(c.ratioUpper()),
                    String.valueOf(c.n()), Figures.pValue(c.pairedP()));
            h.append("<td><span class=\"verdict ").append(c.verdict()).append("\">").append(c.verdict())
                    .append("</span></td></tr>\n");
        }
        h.append("</table>\n<p class=\"muted\">The ratio is the geometric mean of the per-round ratios of RPS, model over ")
                .append("baseline; p is the paired t-test on the same per-round log ratios.");
        if (comparisons.stream().anyMatch(c -> r.isAA(c.nameA(), c.nameB()))) {
            h.append(" <span class=\"aa\">A/A</span> compares a model with a copy of itself: it shows the lab's noise floor, ")
                    .append("and its verdict should be SAME or INCONCLUSIVE (HIGHER or LOWER no more often than the error rate).");
        }
        h.append("</p>\n");
        image(h, Charts.RATIO, charts);
    }

    private static void rejected(ExperimentResult r, StringBuilder h) {
        if (r.rejected().isEmpty()) {
            return;
        }
        h.append("<div class=\"rejected\"><h2 class=\"warn\">Rejected trials: ").append(r.rejected().size())
                .append("</h2>\n<p>Each was no measurement of its server, so it was run again and is used in no figure.</p>\n")
                .append("<table><tr><th>round</th><th>model</th><th>RPS</th><th>why</th></tr>\n");
        for (Trial t : r.rejected()) {
            h.append("<tr>");
            cells(h, String.valueOf(t.round()));
            h.append("<td class=\"name\">").append(esc(t.model())).append("</td>");
            cells(h, Figures.number(t.rps()));
            h.append("<td>").append(t.measurement().problems().stream().map(HtmlReport::esc)
                    .collect(Collectors.joining("<br>"))).append("</td></tr>\n");
        }
        h.append("</table></div>\n");
    }

    private static void estimates(ExperimentResult r, StringBuilder h) {
        h.append("<h2>Throughput per model</h2>\n<p class=\"muted\">One value per trial; the interval is Student's t ")
                .append("over the trials. Latencies are the median over trials of each trial's percentile; CPU per ")
                .append("request is the server's CPU time (children included) over its requests. The charts below use ")
                .append("log scales, so that a model sixty times slower is still a point you can see, and equal ratios are ")
                .append("equal distances.</p>\n<div class=\"wide\"><table class=\"data\"><tr>");
        header(h, "model", "n", "RPS mean", Figures.percent(r.plan().level()) + " CI", "CV", "min", "max", "p50", "p99",
                "failures", "CPU/request", "peak threads", "peak processes", "peak RSS", "peak fds");
        for (String model : r.models()) {
            Estimate e = r.rps(model);
            ServerResources peaks = Derived.resources(r.trials(model));
            h.append("<tr><td class=\"name\">").append(esc(model)).append("</td>");
            cells(h, String.valueOf(e.n()), Figures.number(e.mean()),
                    Figures.number(e.lower(), e.mean()) + " .. " + Figures.number(e.upper(), e.mean()),
                    Figures.percent(e.coefficientOfVariation()), Figures.number(e.min()), Figures.number(e.max()),
                    Figures.micros(r.latencyMicros(model, 50)), Figures.micros(r.latencyMicros(model, 99)),
                    r.failures(model) + " of " + r.requests(model), Figures.micros(r.cpuMicrosPerRequest(model)),
                    String.valueOf(peaks.peakThreads()), String.valueOf(peaks.peakProcesses()),
                    Figures.mib(peaks.peakRssBytes()), String.valueOf(peaks.peakOpenFds()));
            h.append("</tr>\n");
            List<Integer> outliers = Derived.outlierRounds(r, model);
            if (!outliers.isEmpty()) {
                h.append("<tr><td></td><td colspan=\"14\" class=\"warn\">outliers (Tukey fences, kept): rounds ")
                        .append(outliers).append("</td></tr>\n");
            }
        }
        h.append("</table></div>\n");
    }

    private static void conditions(ExperimentResult r, StringBuilder h) {
        Plan plan = r.plan();
        h.append("<h2>Conditions</h2>\n");
        if (!plan.conditions().isEmpty()) {
            h.append("<table>");
            for (Map.Entry<String, String> e : plan.conditions().entrySet()) {
                h.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(esc(e.getValue())).append("</td></tr>");
            }
            h.append("</table>\n");
        }
        h.append("<p class=\"muted\">").append(esc(plan.describe())).append(" (repeat this order with <code>-D")
                .append(Plan.SEED_PROPERTY).append('=').append(r.seed()).append("</code>). Machine: ").append(r.machine().cores()).append(" cores, ").append(esc(r.machine().os()))
                .append(", ").append(esc(r.machine().jdk())).append(".</p>\n");
    }

    private static void trials(ExperimentResult r, StringBuilder h) {
        h.append("<h2>Trials</h2>\n<div class=\"wide\"><table class=\"data\"><tr>");
        header(h, "round", "#", "model", "start", "RPS", "requests", "failures", "p50", "p99", "CPU/request",
                "CPU cores", "threads", "processes", "RSS", "fds", "laws, worst");
        for (Trial t : r.trials()) {
            Measurement m = t.measurement();
            ServerResources res = m.resources();
            h.append("<tr>");
            cells(h, String.valueOf(t.round()), String.valueOf(t.position()));
            h.append("<td class=\"name\">").append(esc(t.model())).append("</td>");
            cells(h, Figures.number(t.startSeconds()) + " s", Figures.number(m.rps()), String.valueOf(m.requests()),
                    String.valueOf(m.failures()),
                    Figures.micros(m.load().latencyAt(50)), Figures.micros(m.load().latencyAt(99)),
                    Figures.micros(m.cpuMicrosPerRequest()), Figures.number(res.cpuCores()),
                    String.valueOf(res.peakThreads()), String.valueOf(res.peakProcesses()),
                    Figures.mib(res.peakRssBytes()), String.valueOf(res.peakOpenFds()), laws(m.laws()));
            h.append("</tr>\n");
            List<String> notes = new ArrayList<>(m.problems());
            for (Warning w : m.warnings()) {
                notes.add("warning " + w.kind() + ": " + w.message());
            }
            m.laws().stream().filter(l -> !l.holds()).map(LawCheck::toString).filter(l -> !notes.contains(l)).forEach(notes::add);
            m.load().failuresByCategory().forEach((c, n) -> notes.add(c + " × " + n + m.load().failureExamples()
                    .getOrDefault(c, List.of()).stream().findFirst().map(e -> ", for example: " + e).orElse("")));
            if (!notes.isEmpty()) {
                h.append("<tr><td></td><td colspan=\"15\" class=\"warn\">")
                        .append(notes.stream().map(HtmlReport::esc).collect(Collectors.joining("<br>"))).append("</td></tr>\n");
            }
        }
        h.append("</table></div>\n");
    }

    // For example "ok 0.4%" (every law holds, the worst off by 0.4%) or "BROKEN 20%".
    private static String laws(List<LawCheck> laws) {
        if (laws.isEmpty()) {
            return "not checked";
        }
        double worst = laws.stream().mapToDouble(LawCheck::relativeError).max().orElse(0);
        return (laws.stream().allMatch(LawCheck::holds) ? "ok " : "BROKEN ") + Figures.percent(worst);
    }

    private static void image(StringBuilder h, String chart, List<String> charts) {
        if (charts.contains(chart)) {
            h.append("<img src=\"").append(esc(chart)).append("\" alt=\"").append(esc(chart)).append("\">\n");
        }
    }

    private static void header(StringBuilder h, String... columns) {
        for (String col : columns) {
            h.append("<th>").append(esc(col)).append("</th>");
        }
        h.append("</tr>\n");
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
