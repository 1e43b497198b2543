package loadlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import loadlab.locust.LatencyLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code loadlab merge}: the summary of the summed logs, and usage errors with exit code 2. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MergeCommandTest {

    @TempDir
    Path dir;

    @Test
    void mergesTheLogsOfADirectoryIntoOneSummaryAndJson() throws IOException {
        for (String node : new String[] {"a", "b"}) {
            try (LatencyLog log = LatencyLog.create(dir.resolve("logs"), node)) {
                log.describe("http://127.0.0.1:8080/", "GET", "/", "KEEP_ALIVE", "closed", 5);
                for (int i = 0; i < 50; i++) {
                    log.record(2_000, 2_000, null, 0);
                }
            }
        }
        Path json = dir.resolve("merged.json");

        CliRun run = CliRun.of("merge", dir.resolve("logs").toString(), "--json", json.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("merged histogram: 100 responses (the logs' sum: 100)")
                .contains("Aggregated").contains("Response time percentiles");
        assertThat(Files.readString(json)).contains("\"requests\" : 100");
    }

    @Test
    void noLogsIsAUsageError() {
        CliRun run = CliRun.of("merge", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: no HdrHistogram logs (*.hlog) in");
    }

    @Test
    void aFileThatIsNotALogIsAUsageError() throws IOException {
        Path bad = Files.writeString(dir.resolve("x.hlog"), "1.0,1.0,1.0,garbage\n");

        CliRun run = CliRun.of("merge", bad.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: cannot read " + bad);
    }
}
