package org.backprop4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    private static final List<String> STATS = List.of("  ETA 0:00", "  loss 0.6931", "  acc 0.5000", "  12,345,678 samples/s");

    @Test
    void theBarNeverReachesTheTerminalsLastColumn() {
        for (String label : List.of("epoch 1/5", "epoch  1371/10001")) {
            for (int columns = 1; columns <= 160; columns++) {
                for (int done : new int[] {1, 17, 469}) {
                    String line = ConsoleProgress.barLine(label, done, 469, STATS, columns);
                    assertThat(line.length()).as("%d columns: %s", columns, line).isLessThanOrEqualTo(Math.max(0, columns - 1));
                }
            }
        }
    }

    @Test
    void aNarrowTerminalDropsTheLeastImportantFiguresFirst() {
        String wide = ConsoleProgress.barLine("epoch 2/5", 235, 469, STATS, 200);
        assertThat(wide).isEqualTo("epoch 2/5 [============>...........] 235/469  ETA 0:00  loss 0.6931  acc 0.5000"
                + "  12,345,678 samples/s");

        String narrow = ConsoleProgress.barLine("epoch 2/5", 235, 469, STATS, 60);
        assertThat(narrow).matches("epoch 2/5 \\[=+>\\.+\\] 235/469  ETA 0:00  loss 0.6931");
        assertThat(narrow.length()).isLessThanOrEqualTo(59);
        assertThat(ConsoleProgress.barLine("epoch 2/5", 235, 469, STATS, 70))
                .isEqualTo("epoch 2/5 [=======>......] 235/469  ETA 0:00  loss 0.6931  acc 0.5000");

        assertThat(ConsoleProgress.barLine("epoch 2/5", 235, 469, STATS, 30)).isEqualTo("epoch 2/5 235/469");
    }

    @Test
    void finishClearsADrawnBarOnce() {
        StringWriter text = new StringWriter();
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(text), () -> 60, true);
        progress.finish();
        assertThat(text.toString()).as("no bar drawn, nothing to clear").isEmpty();
    }
}
