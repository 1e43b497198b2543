package loadlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A chart of labelled rows against a logarithmic x axis, one row per model or comparison, top
 * first: points, each row's interval as a segment of its own, shaded bands, and the row's label
 * written above it. Rows rather than categories along the bottom, so that a long name is written
 * out whole, never slanted or cut; a log axis, so that 91 beside 5,483 (or a ratio of 1/400 beside
 * 60) are both seen, and equal ratios are equal distances. XChart draws no asymmetric error bars,
 * hence the segments; it also has no category axis for rows, hence the labels as annotations.
 */
final class RowChart {

    static final int ROW_HEIGHT = 56;
    private static final int FRAME_HEIGHT = 170; // title, x axis with its title, legend below
    private static final int MIN_WIDTH = 900;
    private static final double PAD = 1.12;      // keeps points and labels off the plot's edges
    private static final double MIN_DECADES = 0.6; // 1/2..2 around 1, so that ticks either side are labelled
    // Past this, the labels 2..9 between decades would run into each other: decades only, marks between.
    private static final double DECADES_LABELLED_ONLY = 0.8;
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private record Band(String legend, double lo, double hi, Color fill) { }

    private record Segment(int row, double lo, double hi, Color color, float width) { }

    private record Points(Color color, Marker marker, List<double[]> rowAndX) { }

    private final String title;
    private final String xTitle;
    private final List<String> labels = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private final List<Segment> segments = new ArrayList<>();
    private final Map<String, Points> points = new LinkedHashMap<>();
    private final List<Double> seen = new ArrayList<>();
    private Double line;

    RowChart(String title, String xTitle) {
        this.title = title;
        this.xTitle = xTitle;
    }

    /** A new row, below the others; returns its index. */
    int row(String label) {
        labels.add(label);
        return labels.size() - 1;
    }

    /** A segment from {@code lo} to {@code hi} on a row; ends that are not positive run to the axis' edge. */
    void interval(int row, double lo, double hi, Color color, float width) {
        segments.add(new Segment(row, lo, hi, color, width));
        see(lo, hi);
    }

    /** A point on a row, in the legend's series {@code name}. */
    void point(String name, Color color, Marker marker, int row, double x) {
        points.computeIfAbsent(name, n -> new Points(color, marker, new ArrayList<>())).rowAndX().add(new double[] {row, x});
        see(x);
    }

    /** A band shaded from top to bottom between {@code lo} and {@code hi}, in the legend. */
    void band(String legend, double lo, double hi, Color fill) {
        bands.add(new Band(legend, lo, hi, fill));
        see(lo, hi);
    }

    /** A thin vertical line at {@code x}, such as "no difference" at a ratio of 1. */
    void line(double x) {
        line = x;
        see(x);
    }

    /** Makes the axis reach {@code x}, whether or not anything is drawn there. */
    void include(double... xs) {
        see(xs);
    }

    private void see(double... xs) {
        for (double x : xs) {
            if (x > 0 && Double.isFinite(x)) {
                seen.add(x);
            }
        }
    }

    // Row 0 at the top: known only once every row is added.
    private double y(int row) {
        return labels.size() - 1 - row;
    }

    XYChart build() {
        double[] range = range();
        XYChart chart = new XYChartBuilder().width(width()).height(FRAME_HEIGHT + ROW_HEIGHT * labels.size())
                .title(title).xAxisTitle(xTitle).yAxisTitle("").build();
        var styler = chart.getStyler();
        Charts.style(chart);
        styler.setXAxisLogarithmic(true);
        styler.setXAxisMin(range[0]).setXAxisMax(range[1]);
        styler.setXAxisLogarithmicDecadeOnly(Math.log10(range[1] / range[0]) > DECADES_LABELLED_ONLY);
        styler.setXAxisDecimalPattern("#,##0.####");
        styler.setYAxisMin(-0.55).setYAxisMax(labels.size() - 0.45);
        styler.setYAxisTicksVisible(false).setYAxisTitleVisible(false);
        styler.setPlotGridHorizontalLinesVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setMarkerSize(11);
        styler.setAnnotationTextFont(LABEL_FONT).setAnnotationTextFontColor(Color.BLACK);
        double top = labels.size() - 0.45;
        double bottom = -0.55;
        for (Band b : bands) { // first added, drawn first: behind everything else
            XYSeries s = chart.addSeries(b.legend(), new double[] {clamp(b.lo(), range), clamp(b.hi(), range),
                    clamp(b.hi(), range), clamp(b.lo(), range)}, new double[] {bottom, bottom, top, top});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            s.setFillColor(b.fill());
            s.setLineColor(b.fill());
            s.setMarker(SeriesMarkers.NONE);
        }
        if (line != null) {
            XYSeries s = chart.addSeries(" ", new double[] {line, line}, new double[] {bottom, top});
            line(s, Color.GRAY, 1f);
        }
        for (int i = 0; i < segments.size(); i++) {
            Segment g = segments.get(i);
            XYSeries s = chart.addSeries("interval " + i, new double[] {clamp(g.lo(), range), clamp(g.hi(), range)},
                    new double[] {y(g.row()), y(g.row())});
            line(s, g.color(), g.width());
        }
        points.forEach((name, p) -> {
            XYSeries s = chart.addSeries(name, p.rowAndX().stream().mapToDouble(rx -> clamp(rx[1], range)).toArray(),
                    p.rowAndX().stream().mapToDouble(rx -> y((int) rx[0])).toArray());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(p.marker());
            s.setMarkerColor(p.color());
        });
        double middle = Math.sqrt(range[0] * range[1]); // the middle of a log axis
        for (int row = 0; row < labels.size(); row++) {
            chart.addAnnotation(new AnnotationText(labels.get(row), middle, y(row) + 0.36, false));
        }
        return chart;
    }

    // A line without markers, out of the legend: a segment, or the line at 1.
    private static void line(XYSeries s, Color color, float width) {
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(width));
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(false);
    }

    // The axis: everything seen, padded, at least MIN_DECADES wide so that a few ticks are labelled,
    // in whole decades when it spans more than DECADES_LABELLED_ONLY.
    private double[] range() {
        double lo = seen.stream().mapToDouble(Double::doubleValue).min().orElse(1) / PAD;
        double hi = seen.stream().mapToDouble(Double::doubleValue).max().orElse(1) * PAD;
        double widen = Math.sqrt(Math.max(1, Math.pow(10, MIN_DECADES) / (hi / lo)));
        lo /= widen;
        hi *= widen;
        if (Math.log10(hi / lo) <= DECADES_LABELLED_ONLY) {
            return new double[] {lo, hi};
        }
        return new double[] {Math.pow(10, Math.floor(Math.log10(lo))), Math.pow(10, Math.ceil(Math.log10(hi)))};
    }

    // A log axis has no 0: what lies beyond it (a lower bound at or below 0) is drawn to its edge.
    private static double clamp(double x, double[] range) {
        if (!(x > range[0])) {
            return range[0];
        }
        return Math.min(x, range[1]);
    }

    // Wide enough for the longest label, which is written centred over the plot, and for the title.
    private int width() {
        int widest = Charts.textWidth(title, Charts.TITLE_FONT);
        for (String label : labels) {
            widest = Math.max(widest, Charts.textWidth(label, LABEL_FONT));
        }
        return Math.max(MIN_WIDTH, widest + 120);
    }
}
