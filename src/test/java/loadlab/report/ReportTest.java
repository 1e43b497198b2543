package loadlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Trial;
import loadlab.stats.Comparison;
import loadlab.stats.Estimate;
import loadlab.stats.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

/** The report of a fake experiment: every file is there, each shows the experiment's own figures. */
class ReportTest {

    @TempDir
    static Path root;

    static ExperimentResult result;
    static Path dir;

    @BeforeAll
    static void runAFakeExperimentAndWriteItsReport() throws Exception {
        result = FakeExperiment.run();
        dir = Report.write(result, root);
    }

    @Test
    void theFakeExperimentHasOneComparisonOfEachVerdict() {
        assertThat(result.comparisons()).extracting(Comparison::verdict).containsExactly(Verdict.HIGHER, Verdict.LOWER,
                Verdict.INCONCLUSIVE, Verdict.SAME, Verdict.SAME);
        assertThat(result.rounds()).isEqualTo(8);
        assertThat(result.rejected()).hasSize(1);
    }

    @Test
    void everyFileIsWrittenIntoTheExperimentsDirectory() throws Exception {
        assertThat(dir).isEqualTo(root.resolve(FakeExperiment.NAME));
        for (String name : List.of("summary.csv", "summary.json", "index.html", "ratio.png", "rps.png", "latency.png",
                "rps-over-time-single-threaded.png", "rps-over-time-thread-pool.png",
                "rps-over-time-process-per-connection.png", "rps-over-time-event-loop_2.png")) {
            assertThat(dir.resolve(name)).isRegularFile();
            assertThat(Files.size(dir.resolve(name))).as(name).isGreaterThan(500);
        }
    }

    @Test
    void theJsonFileHoldsTheTreeBuiltFromTheResult() throws Exception {
        JsonNode back = JsonReport.read(dir.resolve("summary.json"));
        // NaN and Infinity are written as strings: compare every number as the double it reads back as
        Comparator<JsonNode> sameValue = (a, b) -> a.isNumber() || b.isNumber()
                ? Double.compare(a.asDouble(), b.asDouble()) : a.equals(b) ? 0 : 1;
        assertThat(back.equals(sameValue, JsonReport.tree(result))).isTrue();
        assertThat(back.at("/models/0/rpsStdDev").isNumber()).isTrue();
    }

    @Test
    void theJsonHasTheModelsFiguresUnderTheirNames() throws Exception {
        JsonNode back = JsonReport.read(dir.resolve("summary.json"));
        Estimate pool = result.rps("thread-pool");
        JsonNode row = model(back, "thread-pool");
        assertThat(row.get("n").asInt()).isEqualTo(8);
        assertThat(row.get("rpsMean").asDouble()).isEqualTo(pool.mean()).isCloseTo(5479, within(1.0));
        assertThat(row.get("rpsLower").asDouble()).isEqualTo(pool.lower());
        assertThat(row.get("rpsUpper").asDouble()).isEqualTo(pool.upper());
        assertThat(row.get("p99Micros").asDouble()).isEqualTo(result.latencyMicros("thread-pool", 99));
        assertThat(row.get("failures").asLong()).isZero();
        assertThat(model(back, "process-per-connection").get("failures").asLong()).isEqualTo(16);
        assertThat(model(back, "event-loop#2").get("server").asText()).isEqualTo("event-loop");
        assertThat(back.get("seed").asLong()).isEqualTo(77);
        assertThat(back.get("trials")).hasSize(56);
        assertThat(back.at("/machine/cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(back.at("/machine/jdk").asText()).contains(System.getProperty("java.runtime.version"));
        assertThat(back.at("/machine/date").asText()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void theJsonHasEachComparisonsVerdictPairedPAndRule() throws Exception {
        JsonNode comparisons = JsonReport.read(dir.resolve("summary.json")).get("comparisons");
        Comparison c = result.compare("thread-pool", "single-threaded");
        assertThat(comparisons.get(0).get("ratio").asDouble()).isEqualTo(c.ratio()).isCloseTo(60.2, within(0.5));
        assertThat(comparisons.get(0).get("pairedP").asDouble()).isEqualTo(c.pairedP()).isLessThan(1e-6);
        assertThat(comparisons).extracting(n -> n.get("verdict").asText())
                .containsExactly("HIGHER", "LOWER", "INCONCLUSIVE", "SAME", "SAME");
        assertThat(comparisons).extracting(n -> n.get("aa").asBoolean()).containsExactly(false, false, false, true, false);
        assertThat(comparisons.get(1).get("ratio").asDouble()).isCloseTo(1 / 396.0, within(1e-4));
        assertThat(comparisons.get(3).get("logRatios")).hasSize(8);
        JsonNode rule = comparisons.get(3).get("rule");
        assertThat(rule.get("margin").asDouble()).isEqualTo(0.05);
        assertThat(rule.get("band").asDouble()).isEqualTo(0.10);
        assertThat(rule.get("level").asDouble()).isEqualTo(0.95);
        assertThat(rule.get("lookLevel").asDouble()).isEqualTo(result.plan().rule().lookLevel()).isGreaterThan(0.95);
        assertThat(rule.get("sequential").asBoolean()).isTrue();
        assertThat(rule.get("rule").asText()).startsWith("HIGHER or LOWER when the whole 95% repeated confidence interval");
    }

    @Test
    void theJsonHasTheRejectedTrialsWithTheirProblemsAndEveryTrialsLawsAndWarnings() throws Exception {
        JsonNode back = JsonReport.read(dir.resolve("summary.json"));
        JsonNode rejected = back.get("rejected");
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).get("model").asText()).isEqualTo("process-per-connection");
        assertThat(rejected.get(0).get("round").asInt()).isEqualTo(FakeExperiment.REJECTED_ROUND);
        assertThat(rejected.get(0).get("valid").asBoolean()).isFalse();
        assertThat(rejected.get(0).get("problems")).extracting(JsonNode::asText)
                .anyMatch(p -> p.startsWith("Little's law L = X R: expected 10.00, observed 12.00"))
                .anyMatch(p -> p.startsWith("the load generator was the bottleneck"));
        assertThat(rejected.get(0).at("/laws/0/holds").asBoolean()).isFalse();
        for (JsonNode trial : back.get("trials")) {
            assertThat(trial.get("valid").asBoolean()).isTrue();
            assertThat(trial.get("laws")).hasSize(2).allMatch(law -> law.get("holds").asBoolean());
            assertThat(trial.at("/laws/1/law").asText()).isEqualTo("interactive response time law X = N / (Z + R)");
            assertThat(trial.at("/laws/1/relativeError").asDouble()).isCloseTo(10.0 / 3200, within(1e-9));
        }
        JsonNode warned = StreamSupport.stream(back.get("trials").spliterator(), false)
                .filter(t -> t.get("model").asText().equals("thread-per-connection")).findFirst().orElseThrow();
        assertThat(warned.at("/warnings/0/kind").asText()).isEqualTo("CUT_SHORT");
        assertThat(warned.at("/warnings/0/message").asText()).contains("counted as read timeouts");
        assertThat(warned.at("/warnings/0/generatorBottleneck").asBoolean()).isFalse();
        Trial first = result.trials("process-per-connection").get(0);
        JsonNode trial = StreamSupport.stream(back.get("trials").spliterator(), false)
                .filter(t -> t.get("model").asText().equals("process-per-connection") && t.get("round").asInt() == 1)
                .findFirst().orElseThrow();
        assertThat(trial.at("/failuresByCategory/CONNECTION_RESET").asLong()).isEqualTo(2);
        assertThat(trial.at("/latency/p99Micros").asDouble()).isEqualTo(first.measurement().load().latencyAt(99));
        assertThat(trial.get("series")).hasSize(2);
    }

    private static JsonNode model(JsonNode summary, String name) {
        return StreamSupport.stream(summary.get("models").spliterator(), false)
                .filter(m -> m.get("model").asText().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theCsvHasOneRowPerTrialModelAndComparison() throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("summary.csv"));
        assertThat(lines.get(0)).startsWith("kind,model,baseline,round,position,n,rps,rps_lower,rps_upper");
        assertThat(lines).hasSize(1 + 56 + 7 + 5);
        assertThat(lines).filteredOn(l -> l.startsWith("trial,")).hasSize(56);
        String poolRow = lines.stream().filter(l -> l.startsWith("model,thread-pool,")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(poolRow.split(",")[6])).isCloseTo(result.rps("thread-pool").mean(), within(0.01));
        assertThat(lines).anyMatch(l -> l.startsWith("comparison,thread-pool,single-threaded,") && l.endsWith(",HIGHER"));
        assertThat(lines).anyMatch(l -> l.startsWith("comparison,event-loop#2,event-loop,") && l.endsWith(",SAME"));
        assertThat(lines).allMatch(l -> l.split(",", -1).length == CsvReport.HEADER.size());
    }

    @Test
    void theHtmlOpensOfflineAndShowsVerdictsRuleRejectedTrialsAndCharts() throws Exception {
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://")
                .doesNotContain("<link");
        for (String chart : List.of("ratio.png", "rps.png", "latency.png", "rps-over-time-thread-pool.png",
                "rps-over-time-event-loop_2.png")) {
            assertThat(html).contains("<img src=\"" + chart + "\"");
        }
        assertThat(html).contains("thread-pool").contains(Figures.number(result.rps("thread-pool").mean()))
                .contains("class=\"verdict HIGHER\">HIGHER").contains("class=\"verdict LOWER\">LOWER")
                .contains("class=\"verdict SAME\">SAME").contains("class=\"verdict INCONCLUSIVE\">INCONCLUSIVE")
                .contains("<span class=\"aa\">A/A</span><b>event-loop#2</b> / event-loop")
                .contains(HtmlReport.esc(Figures.rule(result.plan().rule())))
                .contains("Rejected trials: 1").contains("Little's law L = X R: expected 10.00")
                .contains("<td class=\"n\">ok 0.4%</td>").contains("CONNECTION_RESET × 2, for example: connection reset")
                .contains("warning CUT_SHORT: 2 requests were still out").contains("seed 77 (repeat this order with <code>-Dloadlab.seed=77</code>)");
        assertThat(html.indexOf("Verdicts")).as("the verdicts come first").isLessThan(html.indexOf("Throughput per model"));
        assertThat(html.indexOf("ratio.png")).as("the ratio chart beside the verdicts").isLessThan(html.indexOf("Rejected"));
    }

    @Test
    void theRuleIsOneSentenceWithItsNumbers() {
        assertThat(Figures.rule(result.plan().rule())).matches("HIGHER or LOWER when the whole 95% repeated confidence "
                + "interval of the ratio \\(9\\d\\.\\d% at each look, so that it holds at whichever round the experiment "
                + "stopped\\) lies beyond the 5% noise margin, above 1.05 or below 1/1.05; SAME when it lies inside the "
                + "10% equivalence band, from 1/1.1 to 1.1; INCONCLUSIVE otherwise.");
    }

    @Test
    void theChartsArePngImagesOfTheirChartsSize() throws Exception {
        for (String name : List.of("ratio.png", "rps.png", "latency.png")) {
            BufferedImage image = ImageIO.read(dir.resolve(name).toFile());
            assertThat(image).as(name).isNotNull();
            assertThat(image.getWidth()).as(name).isGreaterThanOrEqualTo(Charts.WIDTH);
        }
        BufferedImage overTime = ImageIO.read(dir.resolve("rps-over-time-thread-pool.png").toFile());
        assertThat(overTime.getWidth()).isEqualTo(Charts.rpsOverTime(result, "thread-pool").getWidth())
                .isGreaterThanOrEqualTo(Charts.OVER_TIME_WIDTH);
        assertThat(overTime.getHeight()).isEqualTo(Charts.OVER_TIME_HEIGHT);
        // ratio.png: every comparison, and below it the three whose intervals lie within 1/2..2, magnified
        XYChart ratios = Charts.ratios(result);
        XYChart nearOne = Charts.ratiosNearOne(result).orElseThrow();
        BufferedImage image = ImageIO.read(dir.resolve("ratio.png").toFile());
        assertThat(image.getWidth()).isEqualTo(Math.max(ratios.getWidth(), nearOne.getWidth()));
        assertThat(ratios.getHeight()).isEqualTo(170 + RowChart.ROW_HEIGHT * 5);
        assertThat(nearOne.getHeight()).isEqualTo(170 + RowChart.ROW_HEIGHT * 3);
        assertThat(image.getHeight()).isEqualTo(ratios.getHeight() + nearOne.getHeight());
    }

    @Test
    void theRatioAxisReachesFrom1In400To60InWholeDecadesAndTheNearOnesAreMagnified() {
        XYChart ratios = Charts.ratios(result);
        assertThat(ratios.getStyler().isXAxisLogarithmic()).isTrue();
        assertThat(ratios.getStyler().getXAxisMin()).isEqualTo(0.001, within(1e-12));
        assertThat(ratios.getStyler().getXAxisMax()).isEqualTo(100, within(1e-9));
        assertThat(ratios.getStyler().isXAxisLogarithmicDecadeOnly()).isTrue();
        XYChart nearOne = Charts.ratiosNearOne(result).orElseThrow();
        assertThat(nearOne.getStyler().getXAxisMin()).isBetween(0.4, 0.5);
        assertThat(nearOne.getStyler().getXAxisMax()).isBetween(2.0, 2.5);
        assertThat(nearOne.getStyler().isXAxisLogarithmicDecadeOnly()).isFalse();
        XYChart rps = Charts.rps(result);
        assertThat(rps.getStyler().getXAxisMin()).isEqualTo(10, within(1e-9)).isLessThan(13.5);
        assertThat(rps.getStyler().getXAxisMax()).isEqualTo(10_000, within(1e-9));
    }

    @Test
    void eachIntervalIsDrawnWhereItsRatioIsOnItsOwnRow() throws Exception {
        // The verdict colours' pixels inside the plot: left to right 1/400 (LOWER), about 1 (SAME), 60 (HIGHER);
        // top to bottom the rows in the order asked: HIGHER, LOWER, INCONCLUSIVE, then the two SAME.
        BufferedImage image = ImageIO.read(dir.resolve("ratio.png").toFile());
        int plotBottom = Charts.ratios(result).getHeight() - 110; // the top panel, above its axis' labels and legend
        double[] higher = centroid(image, Verdict.HIGHER, plotBottom);
        double[] lower = centroid(image, Verdict.LOWER, plotBottom);
        double[] inconclusive = centroid(image, Verdict.INCONCLUSIVE, plotBottom);
        double[] same = centroid(image, Verdict.SAME, plotBottom);
        assertThat(lower[0]).isLessThan(image.getWidth() * 0.25);
        assertThat(same[0]).isBetween(image.getWidth() * 0.45, image.getWidth() * 0.7);
        assertThat(higher[0]).isGreaterThan(image.getWidth() * 0.75);
        assertThat(higher[1]).isLessThan(lower[1]);
        assertThat(lower[1]).isLessThan(inconclusive[1]);
        assertThat(inconclusive[1]).isLessThan(same[1]);
    }

    // The mean x and y of the pixels of a verdict's colour above a line.
    private static double[] centroid(BufferedImage image, Verdict verdict, int belowY) {
        int rgb = Charts.VERDICT_COLOURS.get(verdict).getRGB() & 0xffffff;
        long sx = 0;
        long sy = 0;
        long n = 0;
        for (int y = 0; y < belowY; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        assertThat(n).as(verdict + " pixels in the plot").isPositive();
        return new double[] {(double) sx / n, (double) sy / n};
    }

    @Test
    void aChartIsWideEnoughForItsLongestLabel() {
        RowChart chart = new RowChart("names", "x");
        String longest = "A/A: event-loop-offload / process-per-connection   0.00250x (1/400)  (0.00240x (1/417) "
                + ".. 0.00260x (1/385))   INCONCLUSIVE";
        chart.point("p", java.awt.Color.BLACK, org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE, chart.row(longest), 1);
        assertThat(chart.build().getWidth()).isGreaterThan(Charts.textWidth(longest, RowChart.LABEL_FONT) + 100);
    }

    @Test
    void theConsoleTableShowsEachModelAndVerdict() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleTable.print(result, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(table);
        assertThat(table).contains(FakeExperiment.NAME + ": 8 rounds, seed 77")
                .containsPattern("thread-pool +8 +5,479 ± \\d+")
                .contains("16 of ")
                .containsPattern("thread-pool / single-threaded +60\\.\\dx +\\d\\d\\.\\dx\\.\\.\\d\\d\\.\\dx .* HIGHER")
                .containsPattern("event-loop#2 / event-loop \\(A/A\\) .* SAME")
                .contains("rejected and run again: 1 trial(s)");
    }

    @Test
    void theProgressLineShowsRoundModelRpsP99AndFailures() {
        Trial first = result.trials("process-per-connection").get(0);
        String line = ConsoleProgress.line(result.plan(), first);
        System.out.println(line);
        assertThat(line).containsPattern("round  1  \\d/7  process-per-connection +13\\.70 rps  p99 +"
                + Figures.micros(first.measurement().load().latencyAt(99)) + "  failures 2 \\(CONNECTION_RESET=2\\)");
        assertThat(Figures.micros(first.measurement().load().latencyAt(99))).endsWith(" s");
    }
}
