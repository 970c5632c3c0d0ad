package org.backprop4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.AxisTickCalculator;
import org.knowm.xchart.internal.chartpart.Chart;
import org.junit.jupiter.api.Test;

/** The x-axis as XChart lays it out when it renders the chart. */
class PlotTest {

    record Tick(double location, String label) {
    }

    /** The x-axis ticks of {@code chart} that fall on the plot, read from XChart after a rendering. */
    static List<Tick> xTicks(XYChart chart) throws ReflectiveOperationException {
        BitmapEncoder.getBufferedImage(chart);
        Method getXAxis = Chart.class.getDeclaredMethod("getXAxis");
        getXAxis.setAccessible(true);
        Object axis = getXAxis.invoke(chart);
        Method calculator = axis.getClass().getDeclaredMethod("getAxisTickCalculator");
        calculator.setAccessible(true);
        AxisTickCalculator ticks = (AxisTickCalculator) calculator.invoke(axis);
        List<Tick> onPlot = new ArrayList<>();
        for (int i = 0; i < ticks.getTickLabels().size(); i++) {
            double location = ticks.getTickLocations().get(i);
            if (location >= 0 && location <= chart.getWidth()) {
                onPlot.add(new Tick(location, ticks.getTickLabels().get(i)));
            }
        }
        return onPlot;
    }

    @Test
    void epochLabelsAreRoundNumbersWithRoomBetweenThem() throws Exception {
        for (int epochs : new int[] {1, 2, 7, 12, 50, 300, 5001, 10001}) {
            double[] x = new double[epochs];
            double[] y = new double[epochs];
            for (int i = 0; i < epochs; i++) {
                x[i] = i + 1;
                y[i] = 1.0 / (i + 1);
            }
            XYChart chart = Plot.chart("Loss", x, y, new double[0]);
            Font font = chart.getStyler().getAxisTickLabelsFont();
            FontRenderContext context = new FontRenderContext(null, true, false);

            List<Tick> ticks = xTicks(chart);

            assertThat(ticks).as("%d epochs", epochs).hasSizeBetween(1, 12);
            long step = -1;
            for (int i = 0; i < ticks.size(); i++) {
                assertThat(ticks.get(i).label()).as("%d epochs: %s", epochs, ticks).matches("\\d+"); // no 1,821
                if (i == 0) {
                    continue;
                }
                Tick a = ticks.get(i - 1);
                Tick b = ticks.get(i);
                long difference = Long.parseLong(b.label()) - Long.parseLong(a.label());
                assertThat(step == -1 || difference == step).as("%d epochs, evenly spaced: %s", epochs, ticks).isTrue();
                step = difference;
                assertThat(Long.toString(step)).as("%d epochs, a round step: %s", epochs, ticks).matches("[125]0*");
                double halfWidths = (font.getStringBounds(a.label(), context).getWidth()
                        + font.getStringBounds(b.label(), context).getWidth()) / 2;
                assertThat(b.location() - a.location()).as("%d epochs, gap between %s and %s", epochs, a, b)
                        .isGreaterThan(halfWidths + 15);
            }
        }
    }
}
