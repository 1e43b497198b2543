package loadlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import loadlab.server.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code loadlab check}: the battery passes our correct models and says so with exit code 0; it fails
 * the seed's replica, case by case, with what came back, and exit code 1; a command that does not
 * start is a usage error (2).
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
