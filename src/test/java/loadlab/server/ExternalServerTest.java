package loadlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import loadlab.Lab;
import loadlab.experiment.Arm;
import loadlab.experiment.Experiment;
import loadlab.experiment.Measurement;
import loadlab.load.LoadGenerator;
import loadlab.load.LoadSpec;
import loadlab.load.ThinkTime;
import loadlab.load.TrialResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A model can be any command with {@code {port}} in it ({@link ExternalServer}): started on a free
 * port, ready when the port accepts, an error that says what happened when it does not, and stopped
 * with its whole process tree. Here the command is our own event-loop in a JVM started by a shell,
 * with a {@code sleep} beside it: a server in another language is started the same way.
 */
@Timeout(120)
class ExternalServerTest {

    /** Our event-loop, started as an outside command would be; a sleeping child beside it, to be stopped too. */
    static String ourEventLoopAsACommand() {
        return "sleep 300 & exec " + JavaProcess.javaBinary() + " -cp " + System.getProperty("java.class.path")
                + " loadlab.cli.Main serve --model event-loop --port {port}";
    }

    @Test
    void aCommandIsStartedOnAFreePortServesAndIsStoppedWithEveryProcessItStarted() throws Exception {
        List<ProcessHandle> tree;
        try (ExternalServer server = ExternalServer.start("ours", ourEventLoopAsACommand(), Duration.ofSeconds(60))) {
            tree = ProcessHandle.of(server.pid()).orElseThrow().descendants().toList();
            TrialResult r = LoadGenerator.run(LoadSpec.to(server.uri()).closed(2, Double.POSITIVE_INFINITY, ThinkTime.none())
                    .duration(Duration.ofMillis(500)).build());
            assertThat(r.failures()).isZero();
            assertThat(r.successes()).isPositive();
            assertThat(tree).as("the shell's sleeping child").isNotEmpty();
        }
        for (ProcessHandle p : tree) {
            assertThat(p.isAlive()).as("process %d of the server's tree, after close", p.pid()).isFalse();
        }
    }

    @Test
    void aCommandWithoutAPlaceForThePortIsRefused() {
        assertThatThrownBy(() -> ExternalServer.start("student", "python3 server.py 8080", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{port}");
    }

    @Test
    void aCommandThatExitsSaysSoWithItsExitCode() {
        assertThatThrownBy(() -> ExternalServer.start("broken", "exit 3 # {port}", Duration.ofSeconds(10)))
                .isInstanceOf(IOException.class).hasMessageContaining("exited with code 3");
    }

    @Test
    void aCommandThatNeverListensIsStoppedAtTheStartTimeout() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> ExternalServer.start("silent", "sleep 30 # {port}", Duration.ofMillis(500)))
                .isInstanceOf(IOException.class).hasMessageContaining("did not accept a connection").hasMessageContaining("500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    /** An external model takes part in a trial as ours do: a fresh server, its process tree sampled, its description says what it is. */
    @Test
    void anExternalModelRunsATrialWithItsResourcesRead() throws Exception {
        Models.external("external-event-loop", ourEventLoopAsACommand());
        Arm arm = Arm.of("external-event-loop", "external-event-loop", ServerConfig.defaults(),
                LoadSpec.to(Experiment.ANY_SERVER).closed(2, Double.POSITIVE_INFINITY, ThinkTime.none())
                        .warmup(Duration.ofMillis(300)).duration(Duration.ofMillis(700)).build());
        Measurement m = Lab.trial(arm);

        assertThat(m.failures()).isZero();
        assertThat(m.successes()).isPositive();
        assertThat(m.resources().peakThreads()).as("the JVM's threads, read for the whole tree").isGreaterThan(5);
        assertThat(m.resources().peakProcesses()).as("the JVM and the shell's sleep").isGreaterThanOrEqualTo(2);
        assertThat(arm.description()).contains("external: sleep 300 & exec");
        assertThatThrownBy(() -> Models.external("external-event-loop", "other {port}")).hasMessageContaining("already registered");
    }
}
