package loadlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import loadlab.Installed;
import loadlab.server.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code loadlab check}: the battery passes our correct models and says so with exit code 0; it fails
 * the seed's replica and the seed's own Python servers, case by case, with what came back, and exit
 * code 1; a command that does not start is a usage error (2).
 */
@Timeout(180)
class CheckCommandTest {

    @ParameterizedTest(name = "{0} passes every case")
    @ValueSource(strings = {"event-loop", "thread-pool"})
    void ourCorrectModelsPassEveryCase(String model) {
        CliRun run = CliRun.of("check", "--model", model);

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("12 cases: 12 passed, 0 failed").doesNotContain("FAIL");
    }

    @Test
    void theSeedsReplicaFailsAndEachFailureSaysWhatCameBack() {
        CliRun run = CliRun.of("check", "--model", "naive");

        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL  a GET is echoed byte-exact: MalformedResponseException").contains("bare LF");
    }

    @ParameterizedTest(name = "seed/{0} fails, and says why")
    @ValueSource(strings = {"singleprocess.py", "multiprocess.py", "multithread.py"})
    void theSeedsOwnServersFailAndEachFailureSaysWhy(String server) {
        assumeThat(Installed.python3()).as("python3 is not installed: the seed's servers are Python").isTrue();
        CliRun run = CliRun.of("check", "--external", "exec python3 " + Path.of("seed", server).toAbsolutePath() + " {port}");

        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("12 cases: 0 passed, 12 failed")
                .contains("FAIL  a GET is echoed byte-exact: MalformedResponseException: bare LF in response head")
                .contains("read as locust reads it: 200 OK, the echo, its body ended by the close")
                .containsPattern("FAIL  a POST of 64 KiB is echoed byte-exact: .*read as locust reads it: SocketException: Connection reset");
    }

    @Test
    void anyCommandWithAPortIsCheckedTheSameWay() {
        String ours = JavaProcess.javaBinary() + " -cp " + System.getProperty("java.class.path")
                + " loadlab.cli.Main serve --model virtual-threads --port {port}";
        CliRun run = CliRun.of("check", "--external", ours, "--start-timeout", "60s");

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("12 cases: 12 passed, 0 failed");
    }

    @Test
    void aCommandThatDoesNotStartIsAUsageErrorThatSaysWhy() {
        CliRun run = CliRun.of("check", "--external", "exit 3 # {port}");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("exited with code 3");
    }

    @Test
    void checkNeedsATarget() {
        assertThat(CliRun.of("check").exitCode()).isEqualTo(2);
    }
}
