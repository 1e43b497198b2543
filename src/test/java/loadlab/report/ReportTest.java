package loadlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.ExperimentRunner;
import loadlab.experiment.FakeClock;
import loadlab.experiment.FakeTrials;
import loadlab.experiment.Plan;
import loadlab.experiment.Progress;
import loadlab.stats.Comparison;
import loadlab.stats.Estimate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a fake experiment: every file is there, and the JSON reads back into the same figures. */
class ReportTest {

    @TempDir
    static Path root;

    static ExperimentResult result;
    static Path dir;

    @BeforeAll
    static void runAFakeExperimentAndWriteItsReport() throws Exception {
        FakeClock clock = new FakeClock();
        double[] single = {95, 97, 94, 96, 95};
        double[] pool = {2400, 2550, 2300, 2480, 2390};
        double[] process = {21, 19, 22, 20, 18};
        int[] calls = new int[1];
        // process-per-connection fails now and then, so the failure columns have something to show
        var trials = new loadlab.experiment.TrialFunction() {
            final Map<String, double[]> values = Map.of("single-threaded", single, "thread-pool", pool,
                    "process-per-connection", process);
            final Map<String, Integer> seen = new java.util.HashMap<>();

            @Override
            public loadlab.experiment.Measurement run(String model) {
                int i = seen.merge(model, 1, Integer::sum) - 1;
                clock.advance(Duration.ofSeconds(4));
                calls[0]++;
                return FakeTrials.measurement(values.get(model)[i], model.equals("process-per-connection") ? 2 : 0);
            }
        };
        Plan plan = Plan.named("fake-throughput").models("single-threaded", "thread-pool", "process-per-connection")
                .compare("thread-pool", "single-threaded").compare("process-per-connection", "single-threaded")
                .rounds(5, 5).seed(77).condition("work", "sleep:10ms").condition("load", "closed loop, 64 users").build();
        result = new ExperimentRunner(trials, Progress.SILENT, clock).run(plan);
        dir = Report.write(result, root);
    }

    @Test
    void everyFileIsWrittenIntoTheExperimentsDirectory() throws Exception {
        assertThat(dir).isEqualTo(root.resolve("fake-throughput"));
        for (String name : List.of("summary.csv", "summary.json", "index.html", "rps.png", "latency.png",
                "rps-over-time-single-threaded.png", "rps-over-time-thread-pool.png",
                "rps-over-time-process-per-connection.png")) {
            assertThat(dir.resolve(name)).isRegularFile();
            assertThat(Files.size(dir.resolve(name))).as(name).isGreaterThan(500);
        }
    }

    @Test
    void theJsonReadsBackIntoTheSameFigures() throws Exception {
        Summary back = JsonReport.read(dir.resolve("summary.json"));
        assertThat(back).isEqualTo(Summary.of(result));

        // and those are the experiment's own figures, not just a faithful copy of something else
        Estimate pool = result.rps("thread-pool");
        Summary.ModelRow row = back.model("thread-pool");
        assertThat(row.n()).isEqualTo(5);
        assertThat(row.rpsMean()).isEqualTo(pool.mean()).isCloseTo(2424, within(1.0));
        assertThat(row.rpsLower()).isEqualTo(pool.lower());
        assertThat(row.rpsUpper()).isEqualTo(pool.upper());
        assertThat(row.failures()).isZero();
        assertThat(back.model("process-per-connection").failures()).isEqualTo(10);
        Comparison c = result.compare("thread-pool", "single-threaded");
        assertThat(back.comparisons().get(0).ratio()).isEqualTo(c.ratio()).isCloseTo(25.4, within(0.5));
        assertThat(back.comparisons().get(0).verdict()).isEqualTo("HIGHER");
        assertThat(back.comparisons().get(1).verdict()).isEqualTo("LOWER");
        assertThat(back.seed()).isEqualTo(77);
        assertThat(back.trials()).hasSize(15);
        assertThat(back.machine().cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(back.machine().jdk()).contains(System.getProperty("java.runtime.version"));
        assertThat(back.machine().date()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void theCsvHasOneRowPerTrialModelAndComparison() throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("summary.csv"));
        assertThat(lines.get(0)).startsWith("kind,model,baseline,round,position,n,rps,rps_lower,rps_upper");
        assertThat(lines).hasSize(1 + 15 + 3 + 2);
        assertThat(lines).filteredOn(l -> l.startsWith("trial,")).hasSize(15);
        String poolRow = lines.stream().filter(l -> l.startsWith("model,thread-pool,")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(poolRow.split(",")[6])).isCloseTo(result.rps("thread-pool").mean(), within(0.01));
        assertThat(lines).anyMatch(l -> l.startsWith("comparison,thread-pool,single-threaded,") && l.endsWith(",HIGHER"));
        assertThat(lines).allMatch(l -> l.split(",", -1).length == CsvReport.HEADER.size());
    }

    @Test
    void theHtmlOpensOfflineAndShowsEstimatesVerdictsAndCharts() throws Exception {
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://")
                .doesNotContain("<link");
        assertThat(html).contains("<img src=\"rps.png\"").contains("<img src=\"latency.png\"")
                .contains("rps-over-time-thread-pool.png");
        assertThat(html).contains("thread-pool").contains(Figures.number(result.rps("thread-pool").mean()))
                .contains("class=\"HIGHER\">HIGHER").contains("class=\"LOWER\">LOWER").contains("seed 77".replace("seed", "Seed"));
    }

    @Test
    void theChartsArePngImagesOfTheChartSize() throws Exception {
        for (String name : List.of("rps.png", "latency.png", "rps-over-time-thread-pool.png")) {
            BufferedImage image = ImageIO.read(dir.resolve(name).toFile());
            assertThat(image).as(name).isNotNull();
            assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
            assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
        }
    }

    @Test
    void theConsoleTableShowsEachModelAndVerdict() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleTable.print(result, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(table);
        assertThat(table).contains("fake-throughput: 5 rounds, seed 77")
                .containsPattern("thread-pool +5 +2,424 ± \\d+")
                .contains("10 of ")
                .containsPattern("thread-pool / single-threaded +25\\.\\dx +2\\d\\.\\dx\\.\\.2\\d\\.\\dx .* HIGHER")
                .contains("LOWER");
    }

    @Test
    void theProgressLineShowsRoundModelRpsP99AndFailures() {
        String line = ConsoleProgress.line(result.plan(), result.trials("process-per-connection").get(0));
        System.out.println(line);
        assertThat(line).containsPattern("round  1  \\d/3  process-per-connection +21\\.00 rps  p99 +142\\.9 ms  failures 2 \\(CONNECTION_RESET=2\\)");
    }
}
