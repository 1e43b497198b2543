package loadlab.locust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import loadlab.load.FailureCategory;
import loadlab.load.TrialResult;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workers' logs with known latencies: a fast machine's 100 responses of 1 ms, a slow one's 100
 * of 100 ms. Together, half the responses took 1 ms and half 100 ms, so the median is 1 ms and the
 * 99th percentile 100 ms. Averaging the workers' percentiles says 50.5 ms for both: a latency no
 * request had, and a median fifty times too high. The merge adds the histograms and gets it right.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MergedLogsTest {

    private static final long FAST_MICROS = 1_000;
    private static final long SLOW_MICROS = 100_000;
    private static final int EACH = 100;

    @TempDir
    Path dir;

    @Test
    void percentilesComeFromTheSummedHistogramNotFromAveragingTheWorkers() throws IOException {
        writeLog("fast", FAST_MICROS, 2);
        writeLog("slow", SLOW_MICROS, 0);
        Histogram all = new Histogram(3);
        all.recordValueWithCount(FAST_MICROS, EACH);
        all.recordValueWithCount(SLOW_MICROS, EACH);

        MergedLogs merged = MergedLogs.read(List.of(dir));

        TrialResult r = merged.result();
        assertThat(r.latency().getTotalCount()).as("every response of both logs, once").isEqualTo(2L * EACH);
        assertThat(merged.counts().values()).containsExactlyInAnyOrder((long) EACH, (long) EACH);
        assertThat(r.latencyAt(50)).isEqualTo(all.getValueAtPercentile(50)).isCloseTo(FAST_MICROS, within(FAST_MICROS * 0.001));
        assertThat(r.latencyAt(99)).isEqualTo(all.getValueAtPercentile(99)).isCloseTo(SLOW_MICROS, within(SLOW_MICROS * 0.001));
        double averagedMedian = (FAST_MICROS + SLOW_MICROS) / 2.0;
        assertThat(Math.abs(averagedMedian - r.latencyAt(50))).as("averaging the medians is off by 49.5 ms").isGreaterThan(49_000);
        assertThat(r.failures()).as("the failures the fast log noted").isEqualTo(2);
        assertThat(r.failuresByCategory()).containsEntry(FailureCategory.CONNECTION_RESET, 2L);
        assertThat(r.requests()).isEqualTo(2L * EACH + 2);
        assertThat(merged.spec().target().toString()).isEqualTo("http://127.0.0.1:8080/");
    }

    @Test
    void noLogAndAFileThatIsNoLogAreRefusedWithTheReason() throws IOException {
        assertThatThrownBy(() -> MergedLogs.read(List.of(dir)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no HdrHistogram logs (*.hlog) in");
        Path bad = Files.writeString(dir.resolve("bad.hlog"), "1796335440.054,1.069,0.089,NOT-A-HISTOGRAM\n");
        assertThatThrownBy(() -> MergedLogs.read(List.of(bad)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read " + bad);
    }

    private void writeLog(String node, long micros, int resets) throws IOException {
        try (LatencyLog log = LatencyLog.create(dir, node)) {
            log.describe("http://127.0.0.1:8080/", "GET", "/", "KEEP_ALIVE", "closed", 10);
            for (int i = 0; i < EACH; i++) {
                log.record(micros, micros, null, 0);
            }
            for (int i = 0; i < resets; i++) {
                log.record(5_000, 5_000, FailureCategory.CONNECTION_RESET, 0);
            }
        }
    }
}
