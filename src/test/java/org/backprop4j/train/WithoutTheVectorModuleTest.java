package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.backprop4j.io.Checkpoint;
import org.backprop4j.io.ModelFile;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Adam;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Loss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's program started without {@code --add-modules jdk.incubator.vector}: it gets one
 * IllegalStateException naming the flag at its first use of the library, not a
 * NoClassDefFoundError from inside it. Runs that program in a child JVM on this JVM's binary and
 * class path.
 */
class WithoutTheVectorModuleTest {
    private static final long LIMIT_SECONDS = 60;

    @TempDir
    Path dir;

    /** A user's program: builds and trains a model, or loads and uses one (args[0], the file). */
    public static final class UserProgram {
        public static void main(String[] args) throws IOException {
            Sequential model = args.length > 0 ? ModelFile.load(Path.of(args[0])).model()
                    : Sequential.of(new Dense(2, 4), Activations.relu(), new Dense(4, 2), Activations.softmax())
                            .compile(Loss.categoricalCrossEntropy(), new Adam());
            model.fit(new float[] {1f, 2f, -1f, 0f}, new int[] {0, 1}, FitOptions.epochs(1));
            System.out.println("predicted " + model.predict(new float[] {1f, 2f}).length + " values");
        }
    }

    @Test
    void buildingAModelNamesTheMissingFlag() throws Exception {
        assertNamesTheFlag(run(false));
    }

    @Test
    void loadingAModelFileNamesTheMissingFlagRatherThanBlamingTheFile() throws Exception {
        Path file = dir.resolve("model.bp4j");
        ModelFile.save(Checkpoint.of(Sequential.of(new Dense(2, 2)).compile(Loss.mse(), new Adam())), file);

        assertNamesTheFlag(run(false, file.toString()));
    }

    @Test
    void withTheFlagTheSameProgramRuns() throws Exception {
        Result result = run(true);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("predicted 2 values\n");
    }

    private static void assertNamesTheFlag(Result result) {
        assertThat(result.exitCode()).as(result.stdout()).isEqualTo(1);
        List<String> lines = result.stderr().lines().toList();
        assertThat(lines.get(0)).startsWith("Exception in thread \"main\" java.lang.IllegalStateException:"
                + " backprop4j needs the Vector API")
                .contains("Add the JVM option --add-modules jdk.incubator.vector", "MAVEN_OPTS", "argLine",
                        "jvmArgs", "applicationDefaultJvmArgs");
        assertThat(result.stderr()).doesNotContain("NoClassDefFoundError", "ClassNotFoundException", "Caused by");
        assertThat(lines.get(lines.size() - 1)).contains("UserProgram.main"); // one exception, thrown at first use
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    private Result run(boolean withFlag, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1"));
        if (withFlag) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), UserProgram.class.getName()));
        command.addAll(List.of(args));
        File out = dir.resolve("stdout").toFile();
        File err = dir.resolve("stderr").toFile();
        Process process = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not finish in " + LIMIT_SECONDS + " s: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8).replace(
                        "WARNING: Using incubator modules: jdk.incubator.vector\n", ""));
    }
}
