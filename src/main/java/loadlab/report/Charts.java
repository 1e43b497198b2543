package loadlab.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import loadlab.experiment.ExperimentResult;
import loadlab.experiment.Trial;
import loadlab.load.SecondSample;
import loadlab.stats.Comparison;
import loadlab.stats.Estimate;
import loadlab.stats.Verdict;
import loadlab.stats.VerdictRule;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart into PNG files, straight from the {@link ExperimentResult}:
 * each asked comparison's ratio with its interval against the noise margin and the equivalence band;
 * RPS per model with its interval; latency percentiles per model; and RPS second by second for each
 * trial (one chart per arm, one line per round), where a trial that never reached a steady state
 * shows itself. The first three are {@link RowChart}s: one labelled row per model or comparison, on
 * a log axis.
 */
public final class Charts {

    static {
        System.setProperty("java.awt.headless", "true"); // drawing into images needs no display
    }

    static final String RATIO = "ratio.png";
    static final String RPS = "rps.png";
    static final String LATENCY = "latency.png";
    static final int WIDTH = 900;
    /** The over-time charts are many, one per arm: small enough for two side by side. */
    static final int OVER_TIME_WIDTH = 600;
    static final int OVER_TIME_HEIGHT = 340;

    /** One colour per verdict, the same in the charts and the HTML. */
    static final Map<Verdict, Color> VERDICT_COLOURS = Map.of(Verdict.HIGHER, new Color(0x0a6b0a),
            Verdict.LOWER, new Color(0xb00020), Verdict.SAME, new Color(0x1f5fbf), Verdict.INCONCLUSIVE, new Color(0x8a6d00));
    private static final Color BAND = new Color(0xd6e4f7);
    private static final Color MARGIN = new Color(0xbdbdbd);
    private static final Color INTERVAL = new Color(0x1d3f73);
    private static final Color POINT = new Color(0x3d7ad6);
    /** For {@link ExperimentResult#PERCENTILES}: p50, p90, p99, p99.9. */
    private static final Color[] PERCENTILE_COLOURS = {new Color(0x2e7d32), new Color(0xf0a30a), new Color(0xd84315),
            new Color(0x6a1b9a)};
    /** XChart's title font, to measure a title by. */
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private Charts() { }

    /** Writes every chart into {@code dir}; returns the file names, in the order to show them. */
    public static List<String> write(ExperimentResult result, Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        if (!result.comparisons().isEmpty()) {
            ImageIO.write(ratioImage(result), "png", dir.resolve(RATIO).toFile());
            files.add(RATIO);
        }
        files.add(save(rps(result), dir, RPS));
        files.add(save(latency(result), dir, LATENCY));
        for (Map.Entry<String, String> arm : overTimeFiles(result).entrySet()) {
            files.add(save(rpsOverTime(result, arm.getKey()), dir, arm.getValue()));
        }
        return files;
    }

    /**
     * Each comparison's ratio, its interval drawn as a segment in its verdict's colour, over the
     * equivalence band and the noise margin, so that the verdict can be read off the picture:
     * HIGHER and LOWER intervals clear the grey margin, SAME ones lie inside the blue band. All the
     * comparisons share one log axis, however far apart (1/400 and 60 in whole decades); where that
     * axis spans decades the band is a sliver, so the comparisons whose intervals lie within 1/2..2
     * are drawn again below, magnified ({@link #ratiosNearOne}), in the same image.
     */
    static BufferedImage ratioImage(ExperimentResult r) {
        List<BufferedImage> panels = new ArrayList<>();
        panels.add(BitmapEncoder.getBufferedImage(ratios(r)));
        ratiosNearOne(r).ifPresent(zoom -> panels.add(BitmapEncoder.getBufferedImage(zoom)));
        BufferedImage image = new BufferedImage(panels.stream().mapToInt(BufferedImage::getWidth).max().orElseThrow(),
                panels.stream().mapToInt(BufferedImage::getHeight).sum(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        int y = 0;
        for (BufferedImage panel : panels) {
            g.drawImage(panel, 0, y, null);
            y += panel.getHeight();
        }
        g.dispose();
        return image;
    }

    /** Every asked comparison on one log axis. */
    static XYChart ratios(ExperimentResult r) {
        return ratioChart(r, r.name() + ": each comparison's ratio with its " + r.plan().rule().describeInterval(),
                r.comparisons());
    }

    /**
     * The comparisons whose intervals lie within 1/2..2, on an axis from 1/2 to 2, when some other
     * interval reaches beyond and so widens the full chart's axis: on this one the margin and the band
     * are wide enough to see that a SAME interval lies inside the band and an INCONCLUSIVE one does not.
     */
    static Optional<XYChart> ratiosNearOne(ExperimentResult r) {
        List<Comparison> near = r.comparisons().stream()
                .filter(c -> c.ratioLower() >= NEAR_ONE_LOWER && c.ratioUpper() <= 1 / NEAR_ONE_LOWER).toList();
        if (near.isEmpty() || near.size() == r.comparisons().size()) { // then the full chart is this one
            return Optional.empty();
        }
        return Optional.of(ratioChart(r, "the same, magnified: the comparisons whose intervals lie within 1/2 .. 2", near));
    }

    static final double NEAR_ONE_LOWER = 0.5;

    private static XYChart ratioChart(ExperimentResult r, String title, List<Comparison> comparisons) {
        VerdictRule rule = r.plan().rule();
        RowChart chart = new RowChart(title, "RPS of the model over the baseline's, round by round (log scale)");
        String band = Figures.plain(1 + rule.band());
        String noise = Figures.plain(1 + rule.margin());
        chart.band("SAME inside 1/" + band + " .. " + band, 1 / (1 + rule.band()), 1 + rule.band(), BAND);
        chart.band("noise margin 1/" + noise + " .. " + noise, 1 / (1 + rule.margin()), 1 + rule.margin(), MARGIN);
        chart.line(1);
        chart.include(NEAR_ONE_LOWER, 1 / NEAR_ONE_LOWER); // near equals still show their intervals at a readable size
        for (Comparison c : comparisons) {
            boolean aa = r.isAA(c.nameA(), c.nameB());
            int row = chart.row((aa ? "A/A: " : "") + c.nameA() + " / " + c.nameB() + "   " + ratio(c.ratio())
                    + "  (" + ratio(c.ratioLower()) + " .. " + ratio(c.ratioUpper()) + ")   " + c.verdict());
            Color colour = VERDICT_COLOURS.get(c.verdict());
            chart.interval(row, c.ratioLower(), c.ratioUpper(), colour, 4f);
            chart.point(c.verdict().name(), colour, SeriesMarkers.DIAMOND, row, c.ratio());
        }
        return chart.build();
    }

    // 60.2x, 1.03x, 0.846x; far below 1 as the fraction alone, 1/398, which is shorter and reads better.
    private static String ratio(double r) {
        return r > 0 && r < 0.2 ? "1/" + Figures.ratio(1 / r).replace("x", "") : Figures.ratio(r);
    }

    /** Mean RPS per model with its interval, on a log axis: 91 beside 5,483 is a point, not an invisible bar. */
    static XYChart rps(ExperimentResult r) {
        RowChart chart = new RowChart(r.name() + ": requests per second, mean and " + Figures.percent(r.plan().level())
                + " CI over the trials", "successful requests per second (log scale)");
        for (String model : r.models()) {
            Estimate e = r.rps(model);
            int row = chart.row(model + "   " + Figures.number(e.mean()) + " RPS  (" + Figures.number(e.lower(), e.mean())
                    + " .. " + Figures.number(e.upper(), e.mean()) + ", n=" + e.n() + ")");
            chart.interval(row, e.lower(), e.upper(), INTERVAL, 3f);
            chart.point("mean RPS", POINT, SeriesMarkers.CIRCLE, row, e.mean());
        }
        return chart.build();
    }

    /** p50, p90, p99 and p99.9 per model (each the median over its trials), joined by a line. */
    static XYChart latency(ExperimentResult r) {
        RowChart chart = new RowChart(r.name() + ": latency percentiles, median over the trials",
                "milliseconds (log scale)");
        double[] percentiles = ExperimentResult.PERCENTILES;
        for (String model : r.models()) {
            double[] micros = new double[percentiles.length];
            StringBuilder label = new StringBuilder(model + "  ");
            for (int i = 0; i < percentiles.length; i++) {
                micros[i] = r.latencyMicros(model, percentiles[i]);
                label.append("  p").append(Figures.plain(percentiles[i])).append(' ').append(Figures.micros(micros[i]));
            }
            int row = chart.row(label.toString());
            if (Double.isFinite(micros[0])) { // NaN: the model answered nothing
                chart.interval(row, micros[0] / 1000, micros[micros.length - 1] / 1000, Color.LIGHT_GRAY, 2f);
                for (int i = 0; i < percentiles.length; i++) {
                    chart.point("p" + Figures.plain(percentiles[i]), PERCENTILE_COLOURS[i], SeriesMarkers.CIRCLE, row,
                            micros[i] / 1000);
                }
            }
        }
        return chart.build();
    }

    static XYChart rpsOverTime(ExperimentResult r, String model) {
        String title = overTimeTitle(r, model);
        // The title is centred over the plot, which the legend on the right pushes left: room on both sides,
        // the same for every arm's chart, so that they show side by side at one scale.
        int longest = r.models().stream().mapToInt(m -> textWidth(overTimeTitle(r, m), TITLE_FONT)).max().orElse(0);
        XYChart chart = new XYChartBuilder().width(Math.max(OVER_TIME_WIDTH, longest + 2 * 130))
                .height(OVER_TIME_HEIGHT).title(title).xAxisTitle("second of the measurement window")
                .yAxisTitle("successful requests").build();
        style(chart);
        for (Trial t : r.trials(model)) {
            List<SecondSample> series = t.measurement().load().series();
            if (series.isEmpty()) {
                continue;
            }
            double[] x = series.stream().mapToDouble(SecondSample::second).toArray();
            double[] y = series.stream().mapToDouble(SecondSample::successes).toArray();
            XYSeries line = chart.addSeries("round " + t.round(), x, y);
            line.setMarker(SeriesMarkers.CIRCLE);
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        return chart;
    }

    private static String overTimeTitle(ExperimentResult r, String model) {
        return r.name() + ": " + model + ", each second of the window";
    }

    /**
     * Each arm's over-time chart file, by arm: {@code rps-over-time-<arm>.png} with whatever is not
     * a letter, digit, '.', '_' or '-' made '_' ({@code event-loop#2} would be a URL's fragment).
     */
    static Map<String, String> overTimeFiles(ExperimentResult r) {
        Map<String, String> files = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (String model : r.models()) {
            String base = "rps-over-time-" + model.replaceAll("[^A-Za-z0-9._-]", "_");
            String name = base + ".png";
            for (int i = 2; !taken.add(name); i++) {
                name = base + "_" + i + ".png";
            }
            files.put(model, name);
        }
        return files;
    }

    static void style(XYChart chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLocale(Locale.ROOT);
    }

    /** How wide {@code text} is drawn in {@code font}, in pixels. */
    static int textWidth(String text, Font font) {
        return (int) Math.ceil(new TextLayout(text, font, new FontRenderContext(null, true, true)).getBounds().getWidth());
    }

    private static String save(Chart<?, ?> chart, Path dir, String name) throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
        return name;
    }
}
