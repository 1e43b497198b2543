package loadlab.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import loadlab.Durations;

/** A trial written to files: the per-second series as CSV, everything as JSON. */
public final class TrialFiles {

    private TrialFiles() { }

    /** One line per second of the window: second, requests, successes, failures, p50 and p99 in ms, users or rate. */
    public static void writeCsv(TrialResult r, Path file) throws IOException {
        StringBuilder csv = new StringBuilder("second,requests,successes,failures,p50_ms,p99_ms,users_or_rate\n");
        for (SecondSample s : r.series()) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%.3f,%.3f,%s%n", s.second(), s.requests(), s.successes(),
                    s.failures(), s.p50Micros() / 1000, s.p99Micros() / 1000, s.usersOrRate()));
        }
        Files.writeString(file, csv);
    }

    public static void writeJson(TrialResult r, LoadSpec spec, Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toMap(r, spec));
    }

    /** The JSON document as maps and lists: the spec, the totals, the latency, the failures, the series, the diagnostics. */
    public static Map<String, Object> toMap(TrialResult r, LoadSpec spec) {
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("target", spec.target().toString());
        s.put("profile", spec.profile().toString());
        s.put("mode", spec.mode().name());
        s.put("method", spec.request().method());
        s.put("path", spec.request().path());
        s.put("bodyBytes", spec.request().bodyBytes());
        s.put("duration", Durations.format(spec.duration()));
        s.put("warmup", Durations.format(spec.warmup()));
        s.put("connectTimeout", Durations.format(spec.connectTimeout()));
        s.put("readTimeout", Durations.format(spec.readTimeout()));
        doc.put("spec", s);
        doc.put("windowSeconds", r.window().toNanos() / 1e9);
        doc.put("requests", r.requests());
        doc.put("successes", r.successes());
        doc.put("failures", r.failures());
        doc.put("rps", r.rps());
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("meanMs", r.latency().getMean() / 1000);
        latency.put("maxMs", r.latency().getMaxValue() / 1000.0);
        latency.put("percentilesMs", Summary.percentilesMillis(r.latency()));
        latency.put("uncorrectedPercentilesMs", Summary.percentilesMillis(r.uncorrectedLatency()));
        doc.put("latency", latency);
        Map<String, Object> failures = new LinkedHashMap<>();
        r.failuresByCategory().forEach((c, n) -> failures.put(c.name(), n));
        doc.put("failuresByCategory", failures);
        Map<String, Long> statuses = new LinkedHashMap<>();
        r.failuresByStatus().forEach((code, n) -> statuses.put(String.valueOf(code), n));
        doc.put("failuresByStatus", statuses);
        Map<String, List<String>> examples = new LinkedHashMap<>();
        r.failureExamples().forEach((c, list) -> examples.put(c.name(), list));
        doc.put("failureExamples", examples);
        List<Map<String, Object>> series = new ArrayList<>();
        for (SecondSample sample : r.series()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("second", sample.second());
            row.put("requests", sample.requests());
            row.put("failures", sample.failures());
            row.put("p50Ms", sample.p50Micros() / 1000);
            row.put("p99Ms", sample.p99Micros() / 1000);
            row.put("usersOrRate", sample.usersOrRate());
            series.add(row);
        }
        doc.put("series", series);
        Map<String, Object> generator = new LinkedHashMap<>();
        generator.put("cpuCores", r.generatorCpuShare());
        generator.put("maxScheduleLagMs", r.maxScheduleLag().toNanos() / 1e6);
        generator.put("meanInFlight", r.meanInFlight());
        generator.put("littlesLawInFlight", r.littlesLawInFlight());
        generator.put("meanResponseSeconds", Double.isNaN(r.meanResponseSeconds()) ? null : r.meanResponseSeconds()); // no request sent
        generator.put("meanThinking", r.meanThinking());
        generator.put("meanThinkSeconds", r.meanThinkSeconds());
        generator.put("meanLatenessSeconds", r.meanLatenessSeconds());
        generator.put("latenessUserSeconds", r.latenessUserSeconds());
        generator.put("staleConnectionRetries", r.staleConnectionRetries());
        doc.put("generator", generator);
        HeldConnections held = r.held();
        if (held.attempted() > 0) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("attempted", held.attempted());
            h.put("opened", held.opened());
            h.put("held", held.held());
            h.put("dropped", held.dropped());
            h.put("dropReasons", held.dropReasons());
            h.put("requests", held.requests());
            h.put("failedRequests", held.failedRequests());
            doc.put("heldConnections", h);
        }
        if (r.slowUsers() != null) {
            TrialResult slow = r.slowUsers();
            Map<String, Object> slowDoc = new LinkedHashMap<>();
            slowDoc.put("requests", slow.requests());
            slowDoc.put("failures", slow.failures());
            Map<String, Object> byCategory = new LinkedHashMap<>();
            slow.failuresByCategory().forEach((c, n) -> byCategory.put(c.name(), n));
            slowDoc.put("failuresByCategory", byCategory);
            slowDoc.put("latencyMs", Summary.percentilesMillis(slow.latency()));
            doc.put("slowUsers", slowDoc);
        }
        doc.put("warnings", r.warnings().stream().map(w -> Map.of("kind", w.kind().name(), "message", w.message())).toList());
        return doc;
    }
}
