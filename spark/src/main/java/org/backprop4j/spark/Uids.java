package org.backprop4j.spark;

import org.apache.spark.ml.util.Identifiable$;

/**
 * Gives a Java Params class its uid while its Spark superclass is still being built. Spark's
 * Scala traits make their Params (featuresCol, …) in the superclass constructor, which asks for
 * {@code uid()} before a Java subclass could set a field; a Param made with the wrong uid is then
 * refused as "not owned". So a constructor passes its uid through here before calling super,
 * and {@code uid()} takes it on its first call.
 */
final class Uids {
    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    private Uids() {
    }

    /** Holds {@code uid} (or a new random one with {@code prefix}) for the constructor being called. */
    static Object pending(String uid, String prefix) {
        PENDING.set(uid != null ? uid : Identifiable$.MODULE$.randomUID(prefix));
        return null;
    }

    /** The pending uid, taken once. */
    static String take() {
        String uid = PENDING.get();
        if (uid == null) {
            throw new IllegalStateException("uid asked for outside a constructor that set one");
        }
        PENDING.remove();
        return uid;
    }
}
