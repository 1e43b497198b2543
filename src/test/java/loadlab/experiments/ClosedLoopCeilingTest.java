package loadlab.experiments;

import static loadlab.experiment.ExperimentAssertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;
import loadlab.Lab;
import loadlab.experiment.Experiment;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Plan;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadSpec;
import loadlab.load.ThinkTime;
import loadlab.load.Warning;
import loadlab.server.ServerConfig;
import loadlab.stats.OperationalLaws;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * <h2>Who set the student's 644 RPS: the server, or locust?</h2>
 *
 * <p><b>Question.</b> The seed report ran locust with 10,000 users thinking {@code between(5, 15)}
 * seconds and measured 644.4 RPS for the single process. Is that what the server can do?
 *
 * <p><b>Prediction.</b> Not necessarily: a closed-loop user sends, waits R for the answer, thinks Z,
 * and sends again, so N users send X = N / (Z + R): the interactive response time law, which assumes
 * only that every user is waiting or thinking. The student's figures fit it: 10,000 / (10 + 4.778) =
 * 677. Scaled to this machine, {@value #USERS} users thinking {@code between(0.5s, 1.5s)}: the law
 * <b>holds within 5% on every trial</b>, and as R is about a millisecond against Z = 1 s, the think
 * time sets the throughput, whatever the server: the whole 95% interval of each model's mean RPS lies
 * <b>between {@value #CEILING_LOW} and {@value #CEILING_HIGH} × N / Z</b> ({@value #USERS} RPS), and against
 * single-threaded the verdict <b>SAME</b> (the ratio's whole interval inside [1/1.1, 1.1]) for
 * thread-per-connection and prefork, the counterparts of the student's other two servers.
 *
 * <p><b>Run</b> {@code mvn test -Dtest=ClosedLoopCeilingTest} (about 60 s).
 *
 * <p><b>You should see</b> every model at about 400 RPS with p50 around a millisecond, the verdicts
 * SAME, most trials warning "the think time, not the server, set this figure", and a table that puts
 * the student's run and this one through the same law. Report: target/loadlab/closed-loop-ceiling/.
 */
@Tag("experiment")
class ClosedLoopCeilingTest {

    static final String BASELINE = "single-threaded";
    static final int USERS = 400; // a round's count varies by 1.5% (the think times are random): 1.05 is 3 sigma away
    static final ThinkTime THINK = ThinkTime.between(Duration.ofMillis(500), Duration.ofMillis(1500));
    static final double SPAWN_RATE = 800;
    static final double CEILING_HIGH = 1.1;
    static final double CEILING_LOW = 0.9;

    static ExperimentResult result;

    static Stream<String> models() {
        return Stream.of(BASELINE, "thread-per-connection", "prefork");
    }

    static Stream<String> others() {
        return models().skip(1);
    }

    @BeforeAll
    static void runTheExperiment() throws Exception {
        Plan.Builder plan = Plan.named("closed-loop-ceiling").models(models().toList()).rounds(4, 6)
                .budget(Duration.ofSeconds(70));
        others().forEach(m -> plan.compare(m, BASELINE));
        LoadSpec load = LoadSpec.to(Experiment.ANY_SERVER).closed(USERS, SPAWN_RATE, THINK)
                .mode(ConnectionMode.NEW_CONNECTION_PER_REQUEST)
                .warmup(Duration.ofMillis(1500)).duration(Duration.ofSeconds(2)).build();
        result = Lab.run(Experiment.of(plan.build(), ServerConfig.defaults(), load));
        printTheLawForBoth();
    }

    // Checked by the runner on every trial (a trial that breaks it is rejected); asserted to have been checked.
    @ParameterizedTest(name = "{0}: the interactive response time law holds on every trial, and no request fails")
    @MethodSource("models")
    void throughputIsWhatTheUsersSend(String model) {
        assertThat(result).model(model).hasNoFailures().obeysOnEveryTrial("interactive response time law");
    }

    // The users set the figure, not the server: the mean's whole interval between 0.9 and 1.1 of N / Z.
    @ParameterizedTest(name = "{0}: the throughput is N / Z within [0.9, 1.1]")
    @MethodSource("models")
    void theThinkTimeSetsTheCeiling(String model) {
        double ceiling = USERS / THINK.meanSeconds();
        assertThat(result).model(model).hasThroughputAtMost(CEILING_HIGH * ceiling).hasThroughputAtLeast(CEILING_LOW * ceiling);
    }

    @ParameterizedTest(name = "{0} and single-threaded serve the same, within 10%")
    @MethodSource("others")
    void everyModelServesTheSame(String model) {
        System.out.println(result.compare(model, BASELINE));
        assertThat(result).model(model).servesTheSameAs(BASELINE);
    }

    // The student's run and this one, through the same law.
    private static void printTheLawForBoth() {
        System.out.println();
        System.out.println("interactive response time law X = N / (Z + R):");
        System.out.printf(Locale.ROOT, "  %-32s %6s %7s %10s %10s %10s%n", "run", "N", "Z", "R", "N/(Z+R)", "measured");
        row("the student's single process", 10_000, 10.0, 4.778, 644.4);
        for (String model : models().toList()) {
            row("here, " + model, USERS, THINK.meanSeconds(), result.meanLatencyMicros(model) / 1e6, result.rps(model).mean());
        }
        System.out.println("  (R: the median over trials of each trial's mean response time)");
        long warned = result.trials().stream()
                .filter(t -> t.measurement().warnings().stream().anyMatch(w -> w.kind() == Warning.Kind.THINK_TIME_CEILING))
                .count();
        System.out.println("  trials on which the generator warned that the think time set the throughput: "
                + warned + " of " + result.trials().size());
    }

    private static void row(String run, int users, double think, double response, double measured) {
        System.out.printf(Locale.ROOT, "  %-32s %,6d %5.1f s %8.4f s %10.1f %10.1f%n", run, users, think, response,
                OperationalLaws.interactiveResponseTime(users, think, response), measured);
    }
}
