package io.kvstore.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a time series as a PNG line chart with XChart: one series on a left y axis and, optionally, a second one
 * (another unit, for example a percentage) on a right y axis, over the same x values, and optionally a labelled
 * vertical line marking an event (for example the end of a load). Both y axes start at 0.
 *
 * <p>Thread-safety: stateless.
 */
public final class LineChartWriter {
    /** Width and height of the PNG, pixels. */
    public static final int WIDTH = 1200;
    public static final int HEIGHT = 560;
    /** Colour of the left series (and its axis title), and of the right one. */
    public static final Color LEFT_COLOUR = new Color(0x1f77b4);
    public static final Color RIGHT_COLOUR = new Color(0xd62728);

    private LineChartWriter() {
    }

    /**
     * One line: its legend name, the title of its y axis, and its y values (one per x value; NaN leaves a gap and
     * is not drawn).
     */
    public record Series(String name, String axisTitle, double[] y) {
        public Series {
            Objects.requireNonNull(name);
            Objects.requireNonNull(axisTitle);
            Objects.requireNonNull(y);
        }
    }

    /**
     * Writes one chart.
     *
     * @param x the x values, ascending
     * @param left the series on the left axis
     * @param right the series on the right axis, or null for none
     * @param markX x of a vertical marker line, or NaN for none
     * @param markLabel the marker's label (drawn beside it), ignored without a marker
     * @throws IllegalArgumentException a series has not exactly one y per x, or there is no x
     * @throws IOException the file could not be written
     */
    public static void write(Path png, String title, String xTitle, double[] x, Series left, Series right,
                             double markX, String markLabel) throws IOException {
        if (x.length == 0) {
            throw new IllegalArgumentException("no samples to draw");
        }
        check(x, left);
        if (right != null) {
            check(x, right);
        }
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).build();
        XYStyler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setChartBackgroundColor(Color.WHITE);
        s.setMarkerSize(5);
        s.setXAxisMin(0.0);
        s.setXAxisDecimalPattern("0");
        s.setYAxisMin(0, 0.0);
        s.putYAxisGroupDecimalPatternMap(0, "#,##0");
        s.setSeriesColors(new Color[] {LEFT_COLOUR, RIGHT_COLOUR});
        s.setYAxisGroupTitleColor(0, LEFT_COLOUR);
        XYSeries l = chart.addSeries(left.name(), x, left.y());
        l.setMarker(SeriesMarkers.CIRCLE);
        l.setYAxisGroup(0);
        chart.setYAxisGroupTitle(0, left.axisTitle());
        if (right != null) {
            XYSeries r = chart.addSeries(right.name(), x, right.y());
            r.setMarker(SeriesMarkers.DIAMOND);
            r.setYAxisGroup(1);
            chart.setYAxisGroupTitle(1, right.axisTitle());
            s.setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            s.setYAxisGroupTitleColor(1, RIGHT_COLOUR);
            s.setYAxisMin(1, 0.0);
            s.putYAxisGroupDecimalPatternMap(1, "0.#");
        }
        if (!Double.isNaN(markX)) {
            s.setAnnotationLineColor(Color.GRAY);
            s.setAnnotationLineStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
            s.setAnnotationTextFontColor(Color.DARK_GRAY);
            chart.addAnnotation(new AnnotationLine(markX, true, false));
            if (markLabel != null && !markLabel.isEmpty()) {
                chart.addAnnotation(new AnnotationText(markLabel, markX, maxOf(left.y()) * 0.97, false));
            }
        }
        Path parent = png.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static void check(double[] x, Series series) {
        if (series.y().length != x.length) {
            throw new IllegalArgumentException(series.name() + ": " + series.y().length + " values for "
                    + x.length + " x values");
        }
    }

    private static double maxOf(double[] ys) {
        double m = 0;
        for (double y : ys) {
            if (!Double.isNaN(y)) {
                m = Math.max(m, y);
            }
        }
        return m;
    }
}
