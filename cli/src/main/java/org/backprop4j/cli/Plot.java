package org.backprop4j.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import org.backprop4j.train.History;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Learning curves as a PNG: loss and accuracy per epoch, training and validation, side by side. */
final class Plot {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;

    private Plot() {
    }

    /** Writes the curves of {@code history} to {@code file} (PNG); accuracy only for classifiers. */
    static void learningCurves(History history, boolean classifier, Path file) throws IOException {
        double[] epochs = new double[history.size()];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = history.firstEpoch() + i + 1; // counted from 1, as the progress lines count them
        }
        List<XYChart> charts = new ArrayList<>();
        charts.add(chart("Loss", epochs, values(history::loss, epochs.length), values(history::validationLoss, epochs.length)));
        if (classifier) {
            charts.add(chart("Accuracy", epochs, values(history::accuracy, epochs.length),
                    values(history::validationAccuracy, epochs.length)));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(charts, 1, charts.size(), out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** One panel: {@code train} and, unless it is all NaN (no validation data), {@code validation} per epoch. */
    static XYChart chart(String title, double[] epochs, double[] train, double[] validation) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(title.toLowerCase(Locale.ROOT)).build();
        chart.getStyler().setMarkerSize(epochs.length > 50 ? 0 : 5);
        if (epochs.length > 0) {
            // Half an epoch of margin on either side. It also keeps XChart from labelling every
            // k-th epoch, as it does when the axis values are equally spaced (1, 911, 1821, … for
            // 10,001 epochs, labels touching): with the margins it picks round numbers spaced by
            // the hint below.
            chart.getStyler().setXAxisMin(epochs[0] - 0.5).setXAxisMax(epochs[epochs.length - 1] + 0.5);
        }
        chart.getStyler().setXAxisDecimalPattern("0").setXAxisTickMarkSpacingHint(90); // 10000, not 10,000
        add(chart, "training", epochs, train);
        if (validation.length > 0 && !Double.isNaN(validation[0])) {
            add(chart, "validation", epochs, validation);
        }
        return chart;
    }

    private static double[] values(IntToDoubleFunction value, int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = value.applyAsDouble(i);
        }
        return y;
    }

    private static void add(XYChart chart, String name, double[] epochs, double[] y) {
        XYSeries series = chart.addSeries(name, epochs, y);
        series.setMarker(SeriesMarkers.CIRCLE);
    }
}
