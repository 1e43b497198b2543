package loadlab.locust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import loadlab.load.FailureCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** loadlab's requests in locust's stats format: the fields a 2.12 master adds up, and locust's rounding. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LocustStatsTest {

    /** The expected keys are what Python 3.11 and locust's {@code _log_response_time} give for the same milliseconds. */
    @ParameterizedTest(name = "{0} ms is kept as {1}")
    @CsvSource({"0.4, 0", "2.5, 2", "3.5, 4", "99.4, 99", "99.5, 100", "145, 140", "147.3, 150", "155, 160",
            "3432, 3400", "3450, 3400", "12500, 12000", "58760, 59000"})
    void responseTimesAreRoundedAsLocustRoundsThem(double ms, long key) {
        assertThat(LocustStats.rounded(ms)).isEqualTo(key);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReportHoldsTheEntryTheTotalAndTheErrorsOfItsPeriodOnly() {
        LocustStats stats = new LocustStats("GET", "/", 1000.0);
        long t = 1_000_000L; // epoch ms: second 1000
        stats.record(1_400, 100, null, 0, t + 100);          // 1.4 ms
        stats.record(147_300, 100, null, 0, t + 900);        // 147.3 ms
        stats.record(2_000, 0, FailureCategory.HTTP_STATUS, 503, t + 1_200); // second 1001

        Map<String, Object> data = stats.report(Map.of("LoadlabUser", 10L), 1002.0);

        List<Map<String, Object>> entries = (List<Map<String, Object>>) data.get("stats");
        assertThat(entries).hasSize(1);
        Map<String, Object> total = (Map<String, Object>) data.get("stats_total");
        assertThat(entries.get(0)).containsEntry("name", "/").containsEntry("method", "GET");
        assertThat(total).containsEntry("name", "Aggregated").containsEntry("method", "")
                .containsEntry("num_requests", 3L).containsEntry("num_failures", 1L).containsEntry("num_none_requests", 0L)
                .containsEntry("total_content_length", 200L).containsEntry("start_time", 1000.0)
                .containsEntry("min_response_time", 1.4).containsEntry("max_response_time", 147.3)
                .containsEntry("last_request_timestamp", 1001.2);
        assertThat((double) total.get("total_response_time")).isCloseTo(150.7, org.assertj.core.api.Assertions.within(1e-9));
        assertThat((Map<Long, Long>) total.get("response_times")).containsExactly(entry(1L, 1L), entry(2L, 1L), entry(150L, 1L));
        assertThat((Map<Long, Long>) total.get("num_reqs_per_sec")).containsExactly(entry(1000L, 2L), entry(1001L, 1L));
        assertThat((Map<Long, Long>) total.get("num_fail_per_sec")).containsExactly(entry(1001L, 1L));
        Map<String, Map<String, Object>> errors = (Map<String, Map<String, Object>>) data.get("errors");
        assertThat(errors.values()).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("error", "HTTP_STATUS 503").containsEntry("occurrences", 1L).containsEntry("name", "/"));
        assertThat(data).containsEntry("user_count", 10L).containsEntry("user_classes_count", Map.of("LoadlabUser", 10L));

        Map<String, Object> next = stats.report(Map.of("LoadlabUser", 10L), 1005.0);
        assertThat((List<?>) next.get("stats")).as("a period without requests sends no entry, as locust's does").isEmpty();
        assertThat((Map<String, Object>) next.get("stats_total")).containsEntry("num_requests", 0L)
                .containsEntry("min_response_time", null).containsEntry("start_time", 1002.0);
        assertThat((Map<?, ?>) next.get("errors")).isEmpty();
    }
}
