package io.kvstore.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * Draws grouped bar charts (one group per workload, one bar per system) of one run's measurements as PNG files
 * with XChart. Rates differ by orders of magnitude between workloads, so each group is normalised: every bar is
 * the system's figure divided by a reference figure of the same workload (the best of the systems shown, or one
 * named system), and the tables beside the chart give the absolute figures. A missing figure is drawn as no bar.
 *
 * <p>Thread-safety: stateless.
 */
public final class ChartWriter {
    private ChartWriter() {
    }

    /**
     * Writes one chart.
     *
     * @param workloads workload names (of section {@code section}) mapped to the labels shown under each group
     * @param systems the series, in legend order
     * @param reference the system every group is divided by, or null for the best present figure in the group
     * @param errorBars whether to draw each measurement's error (scaled like its bar)
     */
    public static void write(Path png, String title, String yTitle, List<Measurement> results, String section,
                             Map<String, String> workloads, List<String> systems, String reference,
                             boolean errorBars) throws IOException {
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart = new CategoryChartBuilder().width(1200).height(620).title(title)
                .yAxisTitle(yTitle).build();
        CategoryStyler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setAvailableSpaceFill(0.8);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotGridVerticalLinesVisible(false);
        s.setYAxisMin(0.0);
        s.setYAxisDecimalPattern("0.0#");
        s.setLabelsVisible(true);
        s.setDecimalPattern("0.00");
        s.setLabelsFontColorAutomaticEnabled(false);
        s.setLabelsFontColor(Color.DARK_GRAY);
        s.setLabelsPosition(0.98);
        s.setLabelsRotation(90);
        if (errorBars) {
            s.setErrorBarsColor(Color.BLACK);
        }
        List<String> labels = new ArrayList<>(workloads.values());
        for (String system : systems) {
            List<Double> ys = new ArrayList<>();
            List<Double> errs = new ArrayList<>();
            for (String w : workloads.keySet()) {
                Optional<Measurement> m = Targets.find(results, section, w, system);
                double ref = referenceValue(results, section, w, systems, reference);
                boolean ok = m.isPresent() && m.get().present() && ref > 0;
                ys.add(ok ? m.get().value() / ref : 0.0);
                errs.add(ok && !Double.isNaN(m.get().error()) ? m.get().error() / ref : 0.0);
            }
            if (errorBars) {
                chart.addSeries(system, labels, ys, errs);
            } else {
                chart.addSeries(system, labels, ys);
            }
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static double referenceValue(List<Measurement> results, String section, String workload,
                                         List<String> systems, String reference) {
        Optional<Measurement> ref = reference == null
                ? Targets.bestOf(results, section, workload, systems, false)
                : Targets.find(results, section, workload, reference);
        return ref.filter(Measurement::present).map(Measurement::value).orElse(Double.NaN);
    }
}
