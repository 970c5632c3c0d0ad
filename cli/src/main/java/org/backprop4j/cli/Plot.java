package org.backprop4j.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        List<XYChart> charts = new ArrayList<>();
        charts.add(chart("Loss", history, history::loss, history::validationLoss));
        if (classifier) {
            charts.add(chart("Accuracy", history, history::accuracy, history::validationAccuracy));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(charts, 1, charts.size(), out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static XYChart chart(String title, History h, IntToDoubleFunction train, IntToDoubleFunction validation) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(title.toLowerCase(java.util.Locale.ROOT)).build();
        chart.getStyler().setMarkerSize(h.size() > 50 ? 0 : 5);
        double[] epochs = new double[h.size()];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = h.firstEpoch() + i + 1;
        }
        add(chart, "training", epochs, train, h.size());
        if (h.size() > 0 && !Double.isNaN(validation.applyAsDouble(0))) {
            add(chart, "validation", epochs, validation, h.size());
        }
        return chart;
    }

    private static void add(XYChart chart, String name, double[] epochs, IntToDoubleFunction value, int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = value.applyAsDouble(i);
        }
        XYSeries series = chart.addSeries(name, epochs, y);
        series.setMarker(SeriesMarkers.CIRCLE);
    }
}
