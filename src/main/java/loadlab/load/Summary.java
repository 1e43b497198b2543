package loadlab.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The text a person reads: a live line per second, and a final table in the shape of locust's
 * headless summary (request counts, then response time percentiles), followed by what failed, the
 * generator's own diagnostics and the warnings.
 */
public final class Summary {

    /** The percentiles of locust's summary table. */
    public static final double[] PERCENTILES = {50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100};

    private Summary() { }

    /** One line of live progress: elapsed time, users or rate, RPS, p50, p99, failures. */
    public static String liveLine(SecondSample s, LoadSpec spec) {
        double warmupSeconds = spec.warmup().toNanos() / 1e9;
        double elapsed = Math.ceil(warmupSeconds) + s.second() + 1;
        double length = s.second() < 0 ? 1 : Math.min(1, spec.duration().toNanos() / 1e9 - s.second());
        String load = spec.profile() instanceof ClosedLoop ? String.format(Locale.ROOT, "users %5d", (long) s.usersOrRate())
                : String.format(Locale.ROOT, "rate %7.1f/s", s.usersOrRate());
        return String.format(Locale.ROOT, "%5.0fs %-7s %s  rps %9.1f  p50 %9s  p99 %9s  failures %d",
                elapsed, s.second() < 0 ? "warm-up" : "", load, s.successes() / length, millis(s.p50Micros()),
                millis(s.p99Micros()), s.failures());
    }

    /** The final summary. */
    public static String table(TrialResult r, LoadSpec spec) {
        StringBuilder out = new StringBuilder();
        String name = spec.request().path();
        Histogram latency = r.latency();
        double windowSeconds = r.window().toNanos() / 1e9;
        String rule = "-".repeat(8) + "|" + "-".repeat(33) + "|" + "-".repeat(29) + "|" + "-".repeat(41) + "|" + "-".repeat(22) + "\n";
        out.append(String.format(Locale.ROOT, "%-8s %-32s | %9s %17s | %9s %9s %9s %9s | %9s %11s%n",
                "Type", "Name", "# reqs", "# fails", "Avg", "Min", "Max", "Med", "req/s", "failures/s"));
        out.append(rule);
        String row = String.format(Locale.ROOT, " | %9d %9d(%5.2f%%) | %9s %9s %9s %9s | %9.2f %11.2f%n",
                r.requests(), r.failures(), 100 * r.failureRatio(), millis(latency.getMean()), millis(latency.getMinValue()),
                millis(latency.getMaxValue()), millis(latency.getValueAtPercentile(50)),
                windowSeconds == 0 ? 0 : r.requests() / windowSeconds, windowSeconds == 0 ? 0 : r.failures() / windowSeconds);
        out.append(String.format(Locale.ROOT, "%-8s %-32s", spec.request().method(), cut(name))).append(row);
        out.append(rule);
        out.append(String.format(Locale.ROOT, "%-8s %-32s", "", "Aggregated")).append(row);
        out.append(String.format(Locale.ROOT, "%nResponse time percentiles in ms (successful responses%s)%n",
                spec.profile() instanceof OpenLoop ? "; corrected: from the intended send" : ""));
        out.append(String.format(Locale.ROOT, "%-8s %-32s |", "Type", "Name"));
        for (double p : PERCENTILES) {
            out.append(String.format(Locale.ROOT, " %8s", p == 100 ? "100%" : trim(p) + "%"));
        }
        out.append(String.format(Locale.ROOT, " | %9s%n", "# reqs"));
        out.append("-".repeat(8)).append("|").append("-".repeat(33)).append("|").append("-".repeat(9 * PERCENTILES.length + 1))
                .append("|").append("-".repeat(10)).append('\n');
        out.append(percentileRow(spec.request().method(), cut(name), latency));
        if (spec.profile() instanceof OpenLoop) {
            out.append(percentileRow("", "uncorrected: from actual send", r.uncorrectedLatency()));
        }
        if (r.failures() > 0) {
            out.append("\nFailures\n");
            r.failuresByCategory().forEach((category, n) -> {
                out.append(String.format(Locale.ROOT, "  %-20s %9d", category, n));
                if (category == FailureCategory.HTTP_STATUS) {
                    out.append("  ").append(r.failuresByStatus());
                }
                out.append('\n');
                for (String example : r.failureExamples().getOrDefault(category, List.of())) {
                    out.append("      e.g. ").append(example).append('\n');
                }
            });
        }
        out.append(String.format(Locale.ROOT, "%nThroughput %.1f successful responses/s over a %.2f s window (warm-up %.2f s excluded)%n",
                r.rps(), windowSeconds, spec.warmup().toNanos() / 1e9));
        out.append(String.format(Locale.ROOT, "In flight on average %.3f, counted at send and completion (Little's law, "
                + "X R from the recorded times with the window's edges: %.3f)%n", r.meanInFlight(), r.littlesLawInFlight()));
        if (spec.profile() instanceof ClosedLoop closed) {
            out.append(closedLoopLine(r, closed, spec.slow().count(closed.users()))).append('\n');
        }
        out.append(String.format(Locale.ROOT, "Generator: CPU %.2f of %d cores", r.generatorCpuShare(),
                Runtime.getRuntime().availableProcessors()));
        if (spec.profile() instanceof OpenLoop) {
            out.append(String.format(Locale.ROOT, "; max schedule lag %s ms", millis(r.maxScheduleLag().toNanos() / 1e3)));
        }
        if (r.staleConnectionRetries() > 0) {
            out.append("; keep-alive connections found closed and retried: ").append(r.staleConnectionRetries());
        }
        out.append('\n');
        if (spec.hold().any()) {
            out.append("Held connections: ").append(r.held()).append('\n');
        }
        TrialResult slow = r.slowUsers();
        if (slow != null) {
            int n = spec.profile() instanceof ClosedLoop closed ? spec.slow().count(closed.users()) : 0;
            out.append(String.format(Locale.ROOT, "Slow users (%d, %s), counted apart from the rest above: %d requests, %d failures%s",
                    n, describe(spec.slow()), slow.requests(), slow.failures(),
                    slow.successes() == 0 ? "" : String.format(Locale.ROOT, ", p50 %s ms, max %s ms",
                            millis(slow.latencyAt(50)), millis(slow.maxLatencyMicros()))));
            out.append(slow.failuresByCategory().isEmpty() ? "" : " " + slow.failuresByCategory()).append('\n');
            slow.failureExamples().values().forEach(examples -> examples.stream().limit(2)
                    .forEach(example -> out.append("      e.g. ").append(example).append('\n')));
        }
        for (Warning warning : r.warnings()) {
            out.append("WARNING: ").append(warning).append('\n');
        }
        return out.toString();
    }

    /**
     * The interactive response time law's figures, the generator's lateness among them: the time users
     * were due to send but not sent, part of what they waited, neither thinking nor in flight.
     */
    private static String closedLoopLine(TrialResult r, ClosedLoop closed, int slowUsers) {
        double z = closed.think().meanSeconds();
        double response = r.meanResponseSeconds();
        double late = r.meanLatenessSeconds();
        int users = closed.users() - slowUsers; // the slow users are counted apart
        String law = Double.isNaN(response) || z + response + late == 0 ? "" : String.format(Locale.ROOT,
                "N / (Z + R + lateness) = %d / (%s + %s + %s ms) = %.1f/s against X = %.1f/s; ", users, millis(z * 1e6),
                millis(response * 1e6), millis(late * 1e6), users / (z + response + late),
                r.requests() / (r.window().toNanos() / 1e9));
        return String.format(Locale.ROOT, "%sgenerator lateness %s ms per request on average (%.3f user-seconds in the "
                + "window%s; think times drawn %.3f s on average)", law, millis(late * 1e6), r.latenessUserSeconds(),
                Double.isNaN(response) ? "" : String.format(Locale.ROOT, ", %.1f%% of each user's cycle",
                        100 * late / (z + response + late)), r.meanThinkSeconds());
    }

    private static String describe(SlowClients s) {
        String send = s.sendBytesPerSec() > 0 ? "sending " + s.sendBytesPerSec() + " B/s" : "";
        String read = s.readBytesPerSec() > 0 ? "reading " + s.readBytesPerSec() + " B/s" : "";
        return send.isEmpty() ? read : read.isEmpty() ? send : send + ", " + read;
    }

    /** The percentiles of {@link #PERCENTILES} in milliseconds, for the JSON output. */
    public static Map<String, Double> percentilesMillis(Histogram h) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (double p : PERCENTILES) {
            out.put("p" + trim(p), h.getValueAtPercentile(p) / 1000.0);
        }
        return out;
    }

    private static String percentileRow(String type, String name, Histogram h) {
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-8s %-32s |", type, cut(name)));
        for (double p : PERCENTILES) {
            row.append(String.format(Locale.ROOT, " %8s", millis(h.getValueAtPercentile(p))));
        }
        return row.append(String.format(Locale.ROOT, " | %9d%n", h.getTotalCount())).toString();
    }

    /** Microseconds as milliseconds, with as many decimals as a small figure needs. */
    static String millis(double micros) {
        double ms = micros / 1000;
        if (ms == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%.0f", ms);
    }

    private static String trim(double p) {
        return p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
    }

    private static String cut(String s) {
        return s.length() <= 32 ? s : s.substring(0, 29) + "...";
    }
}
