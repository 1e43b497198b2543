package loadlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code loadlab locust-worker} without a master: usage errors (exit 2), and a master that never answers (exit 1). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LocustWorkerCommandTest {

    @Test
    void aTargetThatIsNotLoopbackIsRefusedAsLoadRefusesIt() {
        CliRun run = CliRun.of("locust-worker", "--master", "127.0.0.1:5557", "--host", "http://192.0.2.1:8080");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: the target 192.0.2.1 (192.0.2.1) is not a loopback address")
                .contains("--allow-remote");
    }

    @Test
    void aMasterThatIsNotHostColonPortIsAUsageError() {
        CliRun run = CliRun.of("locust-worker", "--master", "127.0.0.1:notaport");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: --master wants HOST or HOST:PORT");
    }

    @Test
    void aMasterThatNeverAnswersEndsTheWorkerWithExitCode1AndTheReason() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free now, and nothing listens there
        }
        long start = System.nanoTime();

        CliRun run = CliRun.of("locust-worker", "--master", "127.0.0.1:" + port, "--master-timeout", "2s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no answer from the locust master at tcp://127.0.0.1:" + port + " within 2s");
        assertThat((System.nanoTime() - start) / 1e9).as("seconds to give up").isLessThan(10);
    }
}
