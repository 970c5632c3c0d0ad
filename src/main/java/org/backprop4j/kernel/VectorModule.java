package org.backprop4j.kernel;

/**
 * Whether the JVM runs with the Vector API, checked where users first touch the library (a
 * {@code Dense}, a model file), so that a missing flag is one exception that says which flag and
 * where it goes, not a {@code NoClassDefFoundError: jdk/incubator/vector/Vector} from deep inside
 * the first training step. Refers to no {@code jdk.incubator.vector} type itself, so that it loads
 * without the module.
 */
public final class VectorModule {
    /** The incubator module's name. */
    public static final String NAME = "jdk.incubator.vector";

    /** The JVM option that adds it when the library is on the class path. */
    public static final String FLAG = "--add-modules " + NAME;

    // An incubator module is in the boot layer only when asked for: by FLAG on the class path,
    // or by the library's own `requires` on the module path.
    private static final boolean PRESENT = ModuleLayer.boot().findModule(NAME).isPresent();

    private VectorModule() {
    }

    /**
     * Returns when the Vector API is there.
     *
     * @throws IllegalStateException otherwise, naming the flag and where to put it
     */
    public static void require() {
        if (!PRESENT) {
            throw new IllegalStateException("backprop4j needs the Vector API, the incubator module " + NAME
                    + ", which this JVM was started without. Add the JVM option " + FLAG + ":"
                    + " on the java command line (java " + FLAG + " -cp ... Main);"
                    + " under Maven in MAVEN_OPTS for exec:java and in surefire's <argLine> for tests;"
                    + " under Gradle as '--add-modules=" + NAME + "' in applicationDefaultJvmArgs"
                    + " and in the jvmArgs of JavaExec and Test tasks; in an IDE's run configuration"
                    + " as a VM option; or for every java command in JDK_JAVA_OPTIONS."
                    + " backprop4j's README (Embedding) has the snippets.");
        }
    }
}
