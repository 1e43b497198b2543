package loadlab.report;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart into PNG files: RPS per model with its confidence
 * interval as error bars, latency percentiles per model, and RPS second by second for each trial
 * (one chart per model, one line per round), where a trial that never reached a steady state
 * shows itself.
 */
public final class Charts {

    static {
        System.setProperty("java.awt.headless", "true"); // drawing into images needs no display
    }

    static final int WIDTH = 900;
    static final int HEIGHT = 500;

    private Charts() { }

    /** Writes every chart into {@code dir}; returns the file names, in the order to show them. */
    public static List<String> write(Summary s, Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        files.add(save(rps(s), dir, "rps.png"));
        files.add(save(latency(s), dir, "latency.png"));
        for (Summary.ModelRow m : s.models()) {
            files.add(save(rpsOverTime(s, m.model()), dir, "rps-over-time-" + m.model() + ".png"));
        }
        return files;
    }

    static CategoryChart rps(Summary s) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(s.experiment() + ": requests per second, mean and " + Math.round(s.level() * 100) + "% CI")
                .xAxisTitle("model: mean RPS").yAxisTitle("successful requests per second").build();
        style(chart);
        // The mean goes into the category's label: a label on a short bar would be lost under its error bar.
        List<String> models = s.models().stream().map(m -> m.model() + ": " + Figures.number(m.rpsMean())).toList();
        List<Double> means = s.models().stream().map(Summary.ModelRow::rpsMean).toList();
        // One trial gives no interval: draw no bar rather than an infinite one.
        List<Double> errors = s.models().stream()
                .map(m -> Double.isFinite(m.rpsHalfWidth()) ? m.rpsHalfWidth() : 0.0).toList();
        chart.addSeries("mean RPS", models, means, errors);
        slantLabels(chart, models.size());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        chart.getStyler().setSeriesColors(new Color[] {new Color(0x8fb4e3)}); // light, so the black bars show
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        return chart;
    }

    static CategoryChart latency(Summary s) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(s.experiment() + ": latency percentiles (median over trials)")
                .xAxisTitle("model").yAxisTitle("milliseconds (log scale)").build();
        style(chart);
        List<String> models = s.models().stream().map(Summary.ModelRow::model).toList();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("p50", s.models().stream().map(m -> ms(m.p50Micros())).toList());
        series.put("p90", s.models().stream().map(m -> ms(m.p90Micros())).toList());
        series.put("p99", s.models().stream().map(m -> ms(m.p99Micros())).toList());
        series.put("p99.9", s.models().stream().map(m -> ms(m.p999Micros())).toList());
        series.forEach((name, values) -> chart.addSeries(name, models, values));
        slantLabels(chart, models.size());
        // Latencies span orders of magnitude across models (a JVM start against a loopback echo):
        // a log axis, and markers rather than bars, which XChart's log axis cannot draw from 0.
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(10);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE); // inside, it hides markers
        return chart;
    }

    // A log axis can't show 0 or NaN: a model that answered nothing gets the axis floor, 1 us.
    private static double ms(double micros) {
        return Double.isFinite(micros) && micros > 0 ? micros / 1000 : 0.001;
    }

    static XYChart rpsOverTime(Summary s, String model) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(s.experiment() + ": " + model + ", requests per second in each second of the window")
                .xAxisTitle("second of the measurement window").yAxisTitle("successful requests in that second").build();
        style(chart);
        for (Summary.TrialRow t : s.trials()) {
            if (!t.model().equals(model) || t.series().isEmpty()) {
                continue;
            }
            double[] x = t.series().stream().mapToDouble(p -> p.second()).toArray();
            double[] y = t.series().stream().mapToDouble(p -> p.rps()).toArray();
            XYSeries line = chart.addSeries("round " + t.round(), x, y);
            line.setMarker(SeriesMarkers.CIRCLE);
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        return chart;
    }

    private static void style(Chart<?, ?> chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    }

    // Model names are long: side by side, more than four of them run into each other.
    private static void slantLabels(CategoryChart chart, int models) {
        if (models > 4) {
            chart.getStyler().setXAxisLabelRotation(20);
        }
    }

    private static String save(Chart<?, ?> chart, Path dir, String name) throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
        return name;
    }
}
