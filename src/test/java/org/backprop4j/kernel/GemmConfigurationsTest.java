package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every GEMM configuration of {@link Blocking} (and register tiles of 4 to 8 rows, A packed or
 * read in place) runs the SIMD micro-kernel and the plain reference kernel with the same bits,
 * on one thread and on a pool. The configuration is fixed when a JVM loads the class, so each
 * runs in a child JVM ({@link GemmChecksum}). The full correctness suite runs under the other
 * configurations too (pom.xml's surefire executions).
 */
class GemmConfigurationsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "-Dbackprop4j.gemm.cpu=intel-avx512",
        "-Dbackprop4j.gemm.cpu=amd-avx512",
        "-Dbackprop4j.gemm.cpu=amd-zen5",
        "-Dbackprop4j.gemm.cpu=avx2 -XX:MaxVectorSize=32",
        "-Dbackprop4j.gemm.cpu=intel-avx512 -Dbackprop4j.gemm.mc=20",
        "-Dbackprop4j.gemm.mr=4 -Dbackprop4j.gemm.packA=true -Dbackprop4j.gemm.kc=256",
        "-Dbackprop4j.gemm.mr=7 -Dbackprop4j.gemm.packA=false -Dbackprop4j.gemm.kc=300 -Dbackprop4j.gemm.mc=21",
    })
    void simdAndReferenceKernelsGiveTheSameBits(String config) throws Exception {
        String simd = run(config);
        String reference = run(config + " -Dbackprop4j.gemm.kernel=reference");
        assertThat(simd).contains("simd kernel");
        assertThat(reference).contains("reference kernel");
        assertThat(crc(simd)).as("%s%n%s", simd, reference).isEqualTo(crc(reference));
    }

    /** Each CPU gets its family's entry: Zen 5 is AMD family 26; other AMD parts keep the Zen 4 entry. */
    @Test
    void entriesByCpu() {
        assertThat(Blocking.entryFor("AuthenticAMD", 26, 16)).isSameAs(Blocking.AMD_ZEN5);
        assertThat(Blocking.entryFor("AuthenticAMD", 25, 16)).isSameAs(Blocking.AMD_AVX512);
        assertThat(Blocking.entryFor("AuthenticAMD", -1, 16)).isSameAs(Blocking.AMD_AVX512);
        assertThat(Blocking.entryFor("GenuineIntel", 6, 16)).isSameAs(Blocking.INTEL_AVX512);
        assertThat(Blocking.entryFor("AuthenticAMD", 26, 8)).isSameAs(Blocking.AVX2);
        assertThat(Blocking.entryFor("", -1, 16)).isSameAs(Blocking.AMD_AVX512);
    }

    private static String crc(String output) {
        return output.lines().filter(l -> l.startsWith("crc ")).findFirst().orElse("no crc in: " + output);
    }

    private static String run(String config) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.addAll(List.of(config.split(" ")));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(GemmChecksum.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(config + ": the child JVM did not finish in 5 minutes");
        }
        assertThat(p.exitValue()).as("%s:%n%s", config, out).isZero();
        return out;
    }
}
