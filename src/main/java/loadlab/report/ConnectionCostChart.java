package loadlab.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import loadlab.experiment.ServerResources;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * What held connections cost each model: its threads, and its resident memory, against the number of
 * connections held, one line per model, on log axes (100 to 10,000 connections; 20 to 10,000
 * threads). A model that pays a thread per connection climbs the diagonal; one that doesn't stays flat.
 */
public final class ConnectionCostChart {

    public static final String THREADS = "threads-per-held-connection.png";
    public static final String RSS = "rss-per-held-connection.png";

    private ConnectionCostChart() { }

    /**
     * Writes both charts into {@code dir}: {@code byModel} maps each model to its server's resources by
     * connections held (0 is left off the log axis). Returns the file names.
     */
    public static List<String> write(Map<String, Map<Integer, ServerResources>> byModel, Path dir) throws IOException {
        Files.createDirectories(dir);
        save(chart("Server threads against idle connections held", "threads (peak)", byModel, r -> r.peakThreads()),
                dir.resolve(THREADS));
        save(chart("Server memory against idle connections held", "RSS, MiB (peak)", byModel,
                r -> r.peakRssBytes() / (1024.0 * 1024.0)), dir.resolve(RSS));
        return List.of(THREADS, RSS);
    }

    static XYChart chart(String title, String yTitle, Map<String, Map<Integer, ServerResources>> byModel,
                         ToDoubleFunction<ServerResources> figure) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("idle connections held").yAxisTitle(yTitle).build();
        Charts.style(chart);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        byModel.forEach((model, levels) -> {
            double[] x = levels.keySet().stream().filter(n -> n > 0).sorted().mapToDouble(Integer::doubleValue).toArray();
            double[] y = levels.entrySet().stream().filter(e -> e.getKey() > 0).sorted(Map.Entry.comparingByKey())
                    .mapToDouble(e -> Math.max(1, figure.applyAsDouble(e.getValue()))).toArray();
            if (x.length > 0) {
                chart.addSeries(model, x, y);
            }
        });
        return chart;
    }

    private static void save(XYChart chart, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
