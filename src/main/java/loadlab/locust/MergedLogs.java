package loadlab.locust;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import loadlab.load.ConnectionMode;
import loadlab.load.FailureCategory;
import loadlab.load.LoadSpec;
import loadlab.load.RequestTemplate;
import loadlab.load.ThinkTime;
import loadlab.load.TrialResult;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * The HdrHistogram logs of several workers ({@link LatencyLog}) added up into one
 * {@link TrialResult}, as if one generator had made all their load: the histograms are summed, so
 * every percentile is that of all the requests together. Averaging the workers' percentiles instead
 * gives a number that is no percentile of anything (see README, "Beyond one machine").
 *
 * <p>The window runs from the earliest interval's start to the latest one's end, by the workers'
 * clocks; each interval counts in the second it started. The spec for the summary (target, method,
 * path, mode, open or closed) is the first log's, with the users (or rates) of all logs added.
 *
 * @param result the merged figures
 * @param spec what the workers ran, for the summary
 * @param counts each log's successful responses, by file
 */
public record MergedLogs(TrialResult result, LoadSpec spec, Map<Path, Long> counts) {

    private static final Pattern SPEC = Pattern.compile(
            "target=(\\S+) method=(\\S+) path=(\\S+) mode=(\\S+) profile=(closed|open) amount=(\\S+)");

    /**
     * Reads every {@code *.hlog} in each directory (or each file named).
     *
     * @throws IllegalArgumentException if there is no log, or one can't be read as an HdrHistogram log
     */
    public static MergedLogs read(List<Path> places) {
        List<Path> files = new ArrayList<>();
        for (Path place : places) {
            if (Files.isDirectory(place)) {
                try (Stream<Path> s = Files.list(place)) {
                    s.filter(p -> p.getFileName().toString().endsWith(LatencyLog.SUFFIX)).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot list " + place + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(place)) {
                files.add(place);
            } else {
                throw new IllegalArgumentException("no such file or directory: " + place);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no HdrHistogram logs (*" + LatencyLog.SUFFIX + ") in " + places);
        }
        List<Log> logs = files.stream().map(MergedLogs::readLog).toList();
        return merge(logs);
    }

    /** One worker's log: its intervals and failures, and what it ran. */
    private record Log(Path file, List<Interval> intervals, String specLine, double amount) { }

    /** An interval's histograms (the failures have none), from its start, in epoch seconds. */
    private record Interval(double start, double end, Histogram latency, Histogram uncorrected, Map<String, Long> failures) { }

    private static Log readLog(Path file) {
        List<Interval> intervals = new ArrayList<>();
        String specLine = null;
        double amount = 0;
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("#" + LatencyLog.SPEC)) {
                    Matcher m = SPEC.matcher(line);
                    if (m.find()) {
                        specLine = specLine == null ? line : specLine;
                        amount = Double.parseDouble(m.group(6)); // the last run's users or rate
                    }
                } else if (line.startsWith("#" + LatencyLog.FAILURES)) {
                    intervals.add(failures(line.substring(1 + LatencyLog.FAILURES.length())));
                }
            }
            try (HistogramLogReader reader = new HistogramLogReader(file.toFile())) {
                Histogram pending = null;
                EncodableHistogram h;
                while ((h = reader.nextIntervalHistogram()) != null) {
                    Histogram histogram = (Histogram) h;
                    if (LatencyLog.UNCORRECTED.equals(h.getTag())) {
                        if (pending == null) {
                            throw new IllegalArgumentException("an uncorrected interval without its latency interval");
                        }
                        intervals.add(new Interval(pending.getStartTimeStamp() / 1000.0, pending.getEndTimeStamp() / 1000.0,
                                pending, histogram, Map.of()));
                        pending = null;
                    } else {
                        pending = histogram;
                    }
                }
                if (pending != null) {
                    throw new IllegalArgumentException("a latency interval without its uncorrected interval at the end");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read " + file + " as a loadlab HdrHistogram log: " + e.getMessage(), e);
        }
        return new Log(file, intervals, specLine, amount);
    }

    private static Interval failures(String text) {
        String[] parts = text.strip().split(" ");
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].lastIndexOf('=');
            counts.put(parts[i].substring(0, eq), Long.parseLong(parts[i].substring(eq + 1)));
        }
        double at = Double.parseDouble(parts[0]);
        return new Interval(at, at, null, null, counts);
    }

    private static MergedLogs merge(List<Log> logs) {
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        for (Log log : logs) {
            for (Interval i : log.intervals()) {
                first = Math.min(first, i.start());
                last = Math.max(last, i.end());
            }
        }
        if (first == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("the logs hold no request: " + logs.stream().map(Log::file).toList());
        }
        int seconds = Math.max(1, (int) Math.ceil(last - first));
        TreeMap<Integer, Histogram[]> bySecond = new TreeMap<>();
        Duration window = Duration.ofNanos(Math.round(Math.max(last - first, 1e-3) * 1e9));
        TrialResult.Builder b = TrialResult.builder(seconds).window(window);
        Map<Path, Long> counts = new LinkedHashMap<>();
        for (Log log : logs) {
            long count = 0;
            for (Interval i : log.intervals()) {
                int second = Math.min(seconds - 1, (int) Math.floor(i.start() - first));
                if (i.latency() != null) {
                    Histogram[] sum = bySecond.computeIfAbsent(second, s -> new Histogram[] {new Histogram(3), new Histogram(3)});
                    sum[0].add(i.latency());
                    sum[1].add(i.uncorrected());
                    count += i.latency().getTotalCount();
                }
                i.failures().forEach((key, n) -> addFailures(b, second, key, n, log.file()));
            }
            counts.put(log.file(), count);
        }
        bySecond.forEach((second, h) -> b.successes(second, h[0], h[1]));
        return new MergedLogs(b.build(), spec(logs, window), counts);
    }

    private static void addFailures(TrialResult.Builder b, int second, String key, long n, Path file) {
        int colon = key.indexOf(':');
        FailureCategory category = FailureCategory.valueOf(colon < 0 ? key : key.substring(0, colon));
        int status = colon < 0 ? 0 : Integer.parseInt(key.substring(colon + 1));
        for (long k = 0; k < n; k++) {
            b.failure(second, category, status, category + (status == 0 ? "" : " " + status) + " (from " + file.getFileName() + ")");
        }
    }

    private static LoadSpec spec(List<Log> logs, Duration window) {
        String line = logs.stream().map(Log::specLine).filter(l -> l != null).findFirst().orElse(null);
        double amount = logs.stream().mapToDouble(Log::amount).sum();
        if (line == null) {
            return LoadSpec.to(URI.create("http://unknown/")).closed((int) Math.max(1, amount), Double.POSITIVE_INFINITY, ThinkTime.none())
                    .duration(window).build();
        }
        Matcher m = SPEC.matcher(line);
        if (!m.find()) {
            throw new IllegalArgumentException("unreadable spec line: " + line);
        }
        LoadSpec.Builder b = LoadSpec.to(URI.create(m.group(1)))
                .request(new RequestTemplate(m.group(2), m.group(3), Map.of(), 0))
                .mode(ConnectionMode.valueOf(m.group(4))).duration(window).warmup(Duration.ZERO).allowRemote(true);
        return "open".equals(m.group(5)) ? b.open(Math.max(amount, 1e-3), false, 1).build()
                : b.closed((int) Math.max(1, Math.round(amount)), Double.POSITIVE_INFINITY, ThinkTime.none()).build();
    }
}
