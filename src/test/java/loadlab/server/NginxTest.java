package loadlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import loadlab.Lab;
import loadlab.check.Battery;
import loadlab.experiment.Arm;
import loadlab.experiment.Experiment;
import loadlab.experiment.Measurement;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadSpec;
import loadlab.load.ThinkTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * nginx as the reference external model: the config and echo loadlab writes make it an echo server
 * that the strict reader accepts, so that it can be measured beside ours. Skipped, with the reason,
 * where nginx or its JavaScript module is not installed.
 */
class NginxTest {

    @BeforeAll
    static void needsNginx() {
        assumeThat(Nginx.missing()).as("%s", Nginx.missing().orElse("")).isEmpty();
    }

    /**
     * nginx passes the echo cases and most bad-input ones. It fails two, by design: it accepts a bare
     * LF (it is lenient where we are strict), and it answers oversized headers with 400, not 431.
     */
    @Test
    void itPassesTheBatteryButForTwoCasesWhereNginxChoosesOtherwise() throws Exception {
        List<Battery.Outcome> outcomes;
        try (EchoServer nginx = Models.start(Nginx.register().name(), ServerConfig.defaults())) {
            outcomes = Battery.run(nginx.address());
        }
        outcomes.forEach(System.out::println);
        Map<Boolean, List<String>> byVerdict = outcomes.stream()
                .collect(Collectors.partitioningBy(Battery.Outcome::passed, Collectors.mapping(Battery.Outcome::name, Collectors.toList())));
        assertThat(byVerdict.get(false)).containsExactlyInAnyOrder("bare LF line ends get 400", "headers over 8 KiB get 431");
        assertThat(byVerdict.get(true)).hasSize(outcomes.size() - 2);
    }

    @Test
    void itTakesPartInATrialLikeAnyModel() throws Exception {
        Arm arm = Arm.of(Nginx.MODEL, Nginx.register().name(), ServerConfig.defaults(),
                LoadSpec.to(Experiment.ANY_SERVER).closed(4, Double.POSITIVE_INFINITY, ThinkTime.none())
                        .mode(ConnectionMode.KEEP_ALIVE).warmup(Duration.ofMillis(300)).duration(Duration.ofMillis(700)).build());
        Measurement m = Lab.trial(arm);
        assertThat(m.failures()).as("failures: %s", m.load().failureExamples()).isZero();
        assertThat(m.successes()).isPositive();
        assertThat(m.resources().peakProcesses()).as("nginx's master and its one worker").isEqualTo(2);
        assertThat(arm.description()).contains("external: sed ").contains("nginx -p ");
    }
}
