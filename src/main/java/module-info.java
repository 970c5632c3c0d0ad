/**
 * backprop4j: dense neural networks trained and served on the Java Vector API.
 *
 * <p>Rooms, with dependencies pointing one way: {@code kernel} (stateless SIMD on float[])
 * &larr; {@code model} (layers, losses, optimisers) &larr; {@code train} (loop, threads)
 * &larr; {@code io} (model files); {@code data} (data sets and loaders) stands alone.
 *
 * <p>Users call {@code model}, {@code train}, {@code data} and {@code io}; the SIMD kernels are
 * internal and not exported (the benchmarks and tests reach them on the class path).
 */
module org.backprop4j {
    requires jdk.incubator.vector;

    exports org.backprop4j.data;
    exports org.backprop4j.io;
    exports org.backprop4j.model;
    exports org.backprop4j.train;
}
