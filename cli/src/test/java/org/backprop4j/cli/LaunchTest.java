package org.backprop4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The command line in a JVM of its own, launched as a user launches it. */
class LaunchTest {

    /** This JVM's launcher, so that the test runs on the JDK under test. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java JVM_OPTIONS -cp (the test class path) org.backprop4j.cli.Main ARGS}. */
    static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    record Result(int exitCode, String out, String err) {
    }

    static Result launch(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("launch", ".out");
        Path err = Files.createTempFile("launch", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    /** A model larger than the heap: one line saying so and how to give it more, no stack trace. */
    @Test
    void aModelLargerThanTheHeapIsOneLine() throws Exception {
        Result r = launch(command(List.of("--add-modules", "jdk.incubator.vector", "-Xmx64m"),
                "--layers", "8000,8000", "--epochs", "1"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("train: out of memory").contains("-Xmx")
                .doesNotContain("\tat ", "Exception in thread");
    }

    /** Layer sizes whose weights overflow an int: named in one line, before any drawing. */
    @Test
    void layerSizesBeyondAnArrayAreOneLine() throws Exception {
        Result r = launch(command(List.of("--add-modules", "jdk.incubator.vector"), "--layers", "50000,50000",
                "--epochs", "1"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("Dense(").contains("50000").doesNotContain("\tat ", "ArithmeticException");
    }

    @Test
    void withoutTheVectorModuleItSaysHowToLaunch() throws Exception {
        Result r = launch(command(List.of(), "--epochs", "1"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("train: the Vector API module is not enabled; run: " + java()
                        + " --add-modules jdk.incubator.vector ")
                .contains(" org.backprop4j.cli.Main --epochs 1")
                .doesNotContain("Exception", "Error", "\tat ");
    }
}
