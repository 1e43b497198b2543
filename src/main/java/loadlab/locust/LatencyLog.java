package loadlab.locust;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import loadlab.load.FailureCategory;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

/**
 * One worker's latencies as an HdrHistogram log: an interval histogram a second, in microseconds,
 * at full precision (3 digits), the uncorrected latencies beside them (tag {@code uncorrected}),
 * and the interval's failures by category in a comment line. Logs of any number of workers add up
 * exactly ({@link MergedLogs}); locust's own stats, rounded to two digits, can't.
 *
 * <p>Recording is thread-safe (the generator's loops record); {@link #interval()} and
 * {@link #close()} belong to one thread, the worker's.
 */
public final class LatencyLog implements AutoCloseable {

    /** A log's file name ends so. */
    public static final String SUFFIX = ".hlog";
    static final String UNCORRECTED = "uncorrected";
    /** Comment lines of our own start so: the run's description, and an interval's failures. */
    static final String SPEC = "loadlab-spec ";
    static final String FAILURES = "loadlab-failures ";
    private static final int DIGITS = 3;

    private final Path file;
    private final PrintStream out;
    private final HistogramLogWriter writer;
    private final Recorder latency = new Recorder(DIGITS);
    private final Recorder uncorrected = new Recorder(DIGITS);
    private Map<String, Long> failures = new LinkedHashMap<>();
    private Histogram recycledLatency;
    private Histogram recycledUncorrected;

    private LatencyLog(Path file, PrintStream out, String nodeId) {
        this.file = file;
        this.out = out;
        this.writer = new HistogramLogWriter(out);
        writer.outputComment("loadlab locust-worker " + nodeId + ": latencies in microseconds, an interval a second");
        writer.outputLogFormatVersion();
        long now = System.currentTimeMillis();
        writer.outputStartTime(now);
        writer.setBaseTime(0); // absolute timestamps: the logs of several workers line up by the clock
        writer.outputBaseTime(0);
        writer.outputLegend();
    }

    /** Starts {@code dir/NODE_ID.hlog}, making the directory if needed. */
    public static LatencyLog create(Path dir, String nodeId) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(nodeId.replaceAll("[^A-Za-z0-9._-]", "_") + SUFFIX);
        return new LatencyLog(file, new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8), nodeId);
    }

    public Path file() {
        return file;
    }

    /** Notes what the next requests are (target, method, path, mode, profile), for the merged summary. */
    public synchronized void describe(String target, String method, String path, String mode, String profile, double usersOrRate) {
        writer.outputComment(String.format(Locale.ROOT, "%starget=%s method=%s path=%s mode=%s profile=%s amount=%s",
                SPEC, target, method, path, mode, profile, usersOrRate));
        out.flush();
    }

    /** One finished request, as {@link loadlab.load.RequestListener} tells it; a failure has no latency here. */
    public void record(long latencyMicros, long uncorrectedMicros, FailureCategory failure, int status) {
        if (failure == null) {
            latency.recordValue(latencyMicros);
            uncorrected.recordValue(uncorrectedMicros);
        } else {
            String key = failure == FailureCategory.HTTP_STATUS ? failure + ":" + status : failure.toString();
            synchronized (this) {
                failures.merge(key, 1L, Long::sum);
            }
        }
    }

    /** Writes the interval since the last one (nothing for an interval without a request) and flushes. */
    public synchronized void interval() {
        recycledLatency = latency.getIntervalHistogram(recycledLatency);
        recycledUncorrected = uncorrected.getIntervalHistogram(recycledUncorrected);
        if (recycledLatency.getTotalCount() > 0) {
            writer.outputIntervalHistogram(recycledLatency);
            recycledUncorrected.setTag(UNCORRECTED);
            writer.outputIntervalHistogram(recycledUncorrected);
        }
        if (!failures.isEmpty()) {
            writer.outputComment(String.format(Locale.ROOT, "%s%.3f %s", FAILURES, recycledLatency.getStartTimeStamp() / 1000.0,
                    failures.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))));
            failures = new LinkedHashMap<>();
        }
        out.flush();
    }

    /** The last interval, then the file is closed. */
    @Override
    public synchronized void close() {
        interval();
        writer.close();
    }
}
