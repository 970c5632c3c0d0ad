package org.backprop4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What scripts/ print around the builds. */
class ScriptsTest {

    @Test
    void mavenAsTheScriptsRunItPrintsNoStrayColourCodes(@TempDir Path dir) throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent(); // the tests run in cli/
        Path output = dir.resolve("output");
        Process p = new ProcessBuilder("bash", "-c", "source scripts/lib/env.sh && $MVN -q -f cli/pom.xml validate")
                .directory(root.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

        String text = Files.readString(output);
        assertThat(p.exitValue()).as(text).isZero();
        // Maven may warn on a JDK newer than it (sun.misc.Unsafe on 25); colour codes are what is checked
        assertThat(text).as("without ESC[0m").doesNotContain("\u001b");
    }
}
