package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Gemm promises bit-identical results whatever the pool, and the project promises bit-identical
 * training for any thread count. Both need the fused epilogue to give the same bits however the
 * JVM happens to be executing it at the time: interpreted (every JVM starts so), C1, or C2. The
 * Vector API gives no such guarantee for EXP and TANH: interpreted/C1 code runs its Java fallback
 * ((float) Math.exp(x) per lane), C2 an intrinsic (SVML on x86); both are within an ulp, but not
 * the same ulp. A call's bits, and a training run's, would then depend on when the JIT compiled
 * BiasActivation, i.e. on timing and on how the work was split.
 *
 * <p>The test: one child JVM with {@code -Xint} computes {@link GemmEpilogueProbe}; this JVM
 * computes the same calls repeatedly while its JIT warms up, and every repetition must match the
 * child bit for bit. It fails today for SIGMOID and TANH (a kernel bug, not a test bug: see the
 * failure message); it passes once the epilogue computes e^x and tanh from add/mul/fma only,
 * which are correctly rounded in every execution mode.
 */
class GemmJitDeterminismTest {
    private static final int REPETITIONS = 1000;

    @Test
    void fusedEpilogueGivesTheSameBitsInterpretedAndJitCompiled() throws Exception {
        List<float[]> interpreted = runInChildJvm("-Xint");
        List<String> names = GemmEpilogueProbe.names();
        assertThat(interpreted).hasSize(names.size());
        for (int rep = 0; rep < REPETITIONS; rep++) {
            List<float[]> here = GemmEpilogueProbe.run();
            List<String> bad = new ArrayList<>();
            for (int r = 0; r < names.size(); r++) {
                float[] want = interpreted.get(r);
                float[] got = here.get(r);
                int diff = 0;
                String first = "";
                for (int x = 0; x < want.length; x++) {
                    if (Float.floatToRawIntBits(want[x]) != Float.floatToRawIntBits(got[x])) {
                        if (diff++ == 0) {
                            first = " (first: c[" + x + "] interpreted " + want[x] + ", now "
                                    + got[x] + ")";
                        }
                    }
                }
                if (diff > 0) {
                    bad.add(names.get(r) + ": " + diff + " of " + want.length + " elements" + first);
                }
            }
            if (!bad.isEmpty()) {
                fail("Fused epilogue bits depend on JIT state: at repetition " + rep + " of "
                        + REPETITIONS + " (" + Runtime.version() + ", "
                        + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED + "), this JVM differs "
                        + "from an interpreted (-Xint) JVM in " + String.join("; ", bad));
            }
        }
    }

    /** Runs GemmEpilogueProbe in a fresh JVM (same java, same classes) with the given option. */
    private static List<float[]> runInChildJvm(String option) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = location(Gemm.class) + File.pathSeparator
                + location(GemmEpilogueProbe.class);
        Path err = Files.createTempFile("gemm-probe", ".err");
        try {
            // the same vector width as this JVM (which may run with -XX:MaxVectorSize to test
            // another CPU's lanes): the lanes decide how dot products are summed
            String width = "-XX:MaxVectorSize=" + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorByteSize();
            Process child = new ProcessBuilder(java, option, width, "--add-modules",
                    "jdk.incubator.vector", "-cp", classPath, GemmEpilogueProbe.class.getName())
                    .redirectError(err.toFile())
                    .start();
            String out = new String(child.getInputStream().readAllBytes(),
                    StandardCharsets.US_ASCII);
            if (!child.waitFor(2, TimeUnit.MINUTES)) {
                child.destroyForcibly();
                fail("child JVM did not finish");
            }
            assertThat(child.exitValue()).as("child JVM exit code; stderr: %s",
                    Files.readString(err)).isZero();
            List<float[]> runs = new ArrayList<>();
            List<Float> current = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (line.equals("end")) {
                    float[] c = new float[current.size()];
                    for (int x = 0; x < c.length; x++) {
                        c[x] = current.get(x);
                    }
                    runs.add(c);
                    current.clear();
                } else if (!line.isEmpty()) {
                    current.add(Float.intBitsToFloat(Integer.parseUnsignedInt(line, 16)));
                }
            }
            return runs;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
