package org.backprop4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in a real terminal: tmux, detached, at a given size. Its screen (with the
 * scrollback) is what a user sees, wrapping and all.
 */
class TerminalTest {
    @TempDir
    Path dir;

    /** What a terminal {@code columns} wide shows after {@code java ... Main ARGS} has run in it. */
    List<String> screen(int columns, String... args) throws IOException, InterruptedException {
        assumeTrue(run("tmux", "-V") == 0, "tmux is not installed");
        StringBuilder script = new StringBuilder();
        for (String word : LaunchTest.command(List.of("--add-modules", "jdk.incubator.vector"), args)) {
            script.append('\'').append(word.replace("'", "'\\''")).append("' ");
        }
        script.append("\necho \"[exit $?]\"\nexec sleep 600\n");
        Path file = Files.writeString(dir.resolve("run.sh"), script);
        String socket = "backprop4j-test-" + ProcessHandle.current().pid();
        try {
            assertThat(run("tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", Integer.toString(columns),
                    "-y", "50", "sh " + file)).isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                List<String> lines = capture(socket);
                if (lines.stream().anyMatch(l -> l.startsWith("[exit "))) {
                    return lines;
                }
                assertThat(System.nanoTime()).as("finished in 2 minutes: %s", lines).isLessThan(deadline);
                Thread.sleep(200);
            }
        } finally {
            run("tmux", "-L", socket, "kill-server");
        }
    }

    private List<String> capture(String socket) throws IOException, InterruptedException {
        Path out = dir.resolve("screen.txt");
        Process p = new ProcessBuilder("tmux", "-L", socket, "capture-pane", "-p", "-S", "-", "-E", "-")
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        List<String> lines = new ArrayList<>(Files.readAllLines(out));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static int run(String... command) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1; // not installed
        }
    }

    @Test
    void theProgressBarLeavesNoLinesBehindInANarrowTerminal() throws Exception {
        List<String> screen = screen(60, "--epochs", "5001");

        String text = String.join("\n", screen);
        assertThat(screen).as(text).contains("[exit 0]");
        assertThat(text).as("no bar left on screen").doesNotContain("[=", "=>", "ETA");
        assertThat(screen.stream().filter(l -> l.startsWith("epoch"))).as(text).hasSize(51); // every 100 epochs
        assertThat(screen).as(text).anyMatch(l -> l.startsWith("trained 5001 epochs in "));
    }
}
