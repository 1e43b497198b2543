package loadlab.locust;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import loadlab.load.FailureCategory;

/**
 * loadlab's finished requests as locust's stats: what a locust worker sends its master every 3 s
 * ({@code stats.py}: {@code StatsEntry}, {@code get_stripped_report}, {@code serialize_errors}).
 * Each report holds the requests since the last one and starts a new period, as locust's does, so
 * that the master can simply add the reports up.
 *
 * <p>Locust keeps response times in milliseconds, rounded to two significant digits above 100 ms
 * (147 becomes 150, 3,432 becomes 3,400), and counts requests in the epoch second they finished.
 * A failed request is a request too, with its time, and also a failure; failures are grouped by
 * their category (and status), which is the error text the master shows.
 *
 * <p>Thread-safe: the generator's loops record, the worker's control thread reports.
 */
public final class LocustStats {

    /** The name of locust's total entry. */
    public static final String TOTAL = "Aggregated";

    private final String method;
    private final String name;
    private Period period;
    private Map<String, Long> errors = new LinkedHashMap<>();

    /** Stats for requests of {@code method} to {@code name} (locust's name for an entry: the path). */
    public LocustStats(String method, String name, double startEpochSeconds) {
        this.method = method;
        this.name = name;
        this.period = new Period(startEpochSeconds);
    }

    /** One finished request, {@code failure} null for a success, at {@code epochMillis} (when it finished). */
    public synchronized void record(long latencyMicros, long bodyBytes, FailureCategory failure, int status, long epochMillis) {
        period.log(latencyMicros / 1000.0, bodyBytes, epochMillis);
        if (failure != null) {
            period.fail(epochMillis);
            errors.merge(failure == FailureCategory.HTTP_STATUS ? failure + " " + status : failure.toString(), 1L, Long::sum);
        }
    }

    /**
     * The {@code stats} message's data: {@code stats} (this entry, if it saw a request),
     * {@code stats_total}, {@code errors}, {@code user_classes_count} and {@code user_count}; then a
     * new period begins at {@code nowEpochSeconds}.
     */
    public synchronized Map<String, Object> report(Map<String, Long> userClassesCount, double nowEpochSeconds) {
        Map<String, Object> data = new LinkedHashMap<>();
        List<Object> entries = new ArrayList<>();
        if (period.requests > 0) {
            entries.add(period.entry(name, method));
        }
        data.put("stats", entries);
        data.put("stats_total", period.entry(TOTAL, ""));
        Map<String, Object> errorDicts = new LinkedHashMap<>();
        errors.forEach((error, occurrences) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", name);
            e.put("method", method);
            e.put("error", error);
            e.put("occurrences", occurrences);
            errorDicts.put(errorKey(error), e);
        });
        data.put("errors", errorDicts);
        data.put("user_classes_count", new LinkedHashMap<>(userClassesCount));
        data.put("user_count", userClassesCount.values().stream().mapToLong(Long::longValue).sum());
        period = new Period(nowEpochSeconds);
        errors = new LinkedHashMap<>();
        return data;
    }

    /**
     * A response time in ms as locust keys it: to the millisecond below 100 ms, to 10 ms below 1 s,
     * to 100 ms below 10 s, to the second above; halves to even, as Python's {@code round} does.
     */
    public static long rounded(double ms) {
        if (ms < 100) {
            return (long) Math.rint(ms);
        } else if (ms < 1000) {
            return (long) Math.rint(ms / 10) * 10;
        } else if (ms < 10000) {
            return (long) Math.rint(ms / 100) * 100;
        }
        return (long) Math.rint(ms / 1000) * 1000;
    }

    /** locust's key for an error, {@code StatsError.create_key}: a hash of method, name and the error's repr. */
    private String errorKey(String error) {
        try {
            byte[] key = (method + "." + name + ".'" + error + "'").getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The figures of one report's period: locust's StatsEntry fields. */
    private static final class Period {
        final double startTime;
        long requests;
        long failures;
        double totalResponseTime;
        Double minResponseTime; // None in locust until a request comes
        double maxResponseTime;
        long totalContentLength;
        Double lastRequestTimestamp;
        final TreeMap<Long, Long> responseTimes = new TreeMap<>();
        final TreeMap<Long, Long> requestsPerSec = new TreeMap<>();
        final TreeMap<Long, Long> failuresPerSec = new TreeMap<>();

        Period(double startTime) {
            this.startTime = startTime;
        }

        void log(double ms, long bytes, long epochMillis) {
            requests++;
            requestsPerSec.merge(epochMillis / 1000, 1L, Long::sum);
            lastRequestTimestamp = lastRequestTimestamp == null ? epochMillis / 1000.0 : Math.max(lastRequestTimestamp, epochMillis / 1000.0);
            totalResponseTime += ms;
            minResponseTime = minResponseTime == null ? ms : Math.min(minResponseTime, ms);
            maxResponseTime = Math.max(maxResponseTime, ms);
            responseTimes.merge(rounded(ms), 1L, Long::sum);
            totalContentLength += bytes;
        }

        void fail(long epochMillis) {
            failures++;
            failuresPerSec.merge(epochMillis / 1000, 1L, Long::sum);
        }

        Map<String, Object> entry(String name, String method) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", name);
            e.put("method", method);
            e.put("last_request_timestamp", lastRequestTimestamp);
            e.put("start_time", startTime);
            e.put("num_requests", requests);
            e.put("num_none_requests", 0L);
            e.put("num_failures", failures);
            e.put("total_response_time", totalResponseTime);
            e.put("max_response_time", maxResponseTime);
            e.put("min_response_time", minResponseTime);
            e.put("total_content_length", totalContentLength);
            e.put("response_times", new LinkedHashMap<>(responseTimes));
            e.put("num_reqs_per_sec", new LinkedHashMap<>(requestsPerSec));
            e.put("num_fail_per_sec", new LinkedHashMap<>(failuresPerSec));
            return e;
        }
    }
}
