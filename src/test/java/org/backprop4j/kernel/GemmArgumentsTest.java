package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad arguments: each case breaks exactly one argument of an otherwise valid call (checked by
 * {@link #baselineCallsAreValid}) and expects an IllegalArgumentException whose message names
 * that argument as a word of its own, with C left bit-for-bit as it was.
 */
class GemmArgumentsTest {

    /** A mutable valid call: m=5, n=6, k=7, offsets > 0, leading dimensions one wider than needed. */
    static final class Call {
        final boolean ta;
        final boolean tb;
        int m = 5;
        int n = 6;
        int k = 7;
        int aOff = 2;
        int bOff = 3;
        int cOff = 1;
        int lda;
        int ldb;
        int ldc;
        float[] a;
        float[] b;
        float[] c;
        float[] bias;
        int biasOffset = 1;
        Epilogue e;

        Call(boolean ta, boolean tb) {
            this.ta = ta;
            this.tb = tb;
            lda = (ta ? m : k) + 1;
            ldb = (tb ? k : n) + 1;
            ldc = n + 1;
            a = new float[aNeeded()];
            b = new float[bNeeded()];
            c = new float[cNeeded()];
            Arrays.fill(c, 0.5f);
            bias = new float[biasOffset + n];
            e = Epilogue.of(bias, biasOffset, Activation.RELU, 0f);
        }

        int aNeeded() {
            return GemmCase.extent(aOff, lda, ta ? k : m, ta ? m : k);
        }

        int bNeeded() {
            return GemmCase.extent(bOff, ldb, tb ? n : k, tb ? k : n);
        }

        int cNeeded() {
            return GemmCase.extent(cOff, ldc, m, n);
        }

        void run() {
            Gemm.sgemm(ta, tb, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0.5f, c, cOff, ldc, e, null);
        }
    }

    /** One broken argument: what, which name the message must contain, how to break it. */
    record Bad(String what, String name, boolean ta, boolean tb, Consumer<Call> breakIt) {
        @Override
        public String toString() {
            return what + " (" + (ta ? "T" : "N") + (tb ? "T" : "N") + ") -> names " + name;
        }
    }

    static Stream<Bad> badArguments() {
        List<Bad> out = new ArrayList<>();
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                out.add(new Bad("lda one below the stored width", "lda", ta, tb,
                        c -> c.lda = (c.ta ? c.m : c.k) - 1));
                out.add(new Bad("ldb one below the stored width", "ldb", ta, tb,
                        c -> c.ldb = (c.tb ? c.k : c.n) - 1));
                out.add(new Bad("a one element too short", "a", ta, tb,
                        c -> c.a = new float[c.aNeeded() - 1]));
                out.add(new Bad("b one element too short", "b", ta, tb,
                        c -> c.b = new float[c.bNeeded() - 1]));
            }
        }
        boolean f = false;
        out.add(new Bad("negative m", "m", f, f, c -> c.m = -1));
        out.add(new Bad("negative n", "n", f, f, c -> c.n = -1));
        out.add(new Bad("negative k", "k", f, f, c -> c.k = -1));
        out.add(new Bad("ldc one below n", "ldc", f, f, c -> c.ldc = c.n - 1));
        out.add(new Bad("lda = 0 with k = 0 (must be >= 1)", "lda", f, f, c -> {
            c.k = 0;
            c.lda = 0;
        }));
        out.add(new Bad("negative aOff", "aOff", f, f, c -> c.aOff = -1));
        out.add(new Bad("negative bOff", "bOff", f, f, c -> c.bOff = -1));
        out.add(new Bad("negative cOff", "cOff", f, f, c -> c.cOff = -1));
        out.add(new Bad("a too short for its offset", "a", f, f, c -> c.aOff += 1));
        out.add(new Bad("b too short for its offset", "b", f, true, c -> c.bOff += 1));
        out.add(new Bad("a too short for its lda", "a", true, f, c -> c.lda += 1));
        out.add(new Bad("b too short for its ldb", "b", f, f, c -> c.ldb += 1));
        out.add(new Bad("c one element too short", "c", f, f, c -> c.c = Arrays.copyOf(c.c,
                c.cNeeded() - 1)));
        out.add(new Bad("c too short for its offset", "c", f, f, c -> c.cOff += 1));
        out.add(new Bad("c too short for its ldc", "c", f, f, c -> c.ldc += 1));
        out.add(new Bad("offset near Integer.MAX_VALUE (no int overflow)", "a", f, f,
                c -> c.aOff = Integer.MAX_VALUE - 1));
        out.add(new Bad("lda = Integer.MAX_VALUE (no int overflow)", "a", f, f,
                c -> c.lda = Integer.MAX_VALUE));
        out.add(new Bad("bias one element too short", "bias", f, f,
                c -> c.e = Epilogue.of(new float[c.biasOffset + c.n - 1], c.biasOffset,
                        Activation.RELU, 0f)));
        out.add(new Bad("bias too short for its offset", "bias", f, f,
                c -> c.e = Epilogue.of(c.bias, c.biasOffset + 1, Activation.RELU, 0f)));
        out.add(new Bad("null a", "a", f, f, c -> c.a = null));
        out.add(new Bad("null b", "b", f, f, c -> c.b = null));
        out.add(new Bad("null c", "c", f, f, c -> c.c = null));
        out.add(new Bad("null epilogue", "epilogue", f, f, c -> c.e = null));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void badArgumentIsRejectedByNameAndLeavesCUntouched(Bad bad) {
        Call call = new Call(bad.ta(), bad.tb());
        bad.breakIt().accept(call);
        float[] cBefore = call.c == null ? null : call.c.clone();

        assertThatThrownBy(call::run)
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .message().as("message of %s", bad).containsPattern(namesWord(bad.name()));
        if (cBefore != null) {
            GemmAssertions.assertSameBits("C modified by a rejected call (" + bad + ")", cBefore,
                    call.c);
        }
    }

    /** The cases above break a call that is otherwise valid, for every transpose combination. */
    @Test
    void baselineCallsAreValid() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Call call = new Call(ta, tb);
                assertThatCode(call::run).as("ta=%s tb=%s", ta, tb).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void negativeBiasOffsetIsRejectedByName() {
        assertThatThrownBy(() -> Epilogue.of(new float[4], -1, Activation.RELU, 0f))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .message().containsPattern(namesWord("biasOffset"));
    }

    @Test
    void nameMatcherNeedsTheWholeWord() {
        // Guards the assertion above: "a" must not match inside "lda" or "m×k".
        assertThat("lda must be >= 7 for A (stored m×k)").doesNotContainPattern(namesWord("a"));
        assertThat("lda must be >= 7 for A (stored m×k)").doesNotContainPattern(namesWord("k"));
        assertThat("a too short for A").containsPattern(namesWord("a"));
        assertThat("x with lda=3").containsPattern(namesWord("lda"));
    }

    /** The argument's name as a word: at the start or after a space/bracket, before space/=/:/,. */
    private static Pattern namesWord(String name) {
        return Pattern.compile("(^|[\\s(\\[])" + Pattern.quote(name) + "($|[\\s=:,)\\]])");
    }
}
