package org.backprop4j.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * Copies of records with one component replaced, through the canonical constructor (which checks
 * it): one copy method for every settings record, so that adding an option to one is one line.
 * For configuration time only (reflection), never a hot path.
 */
public final class Records {
    private Records() {
    }

    /**
     * {@code record} with its component {@code name} set to {@code value}.
     *
     * @throws IllegalArgumentException if the record has no such component, or from the
     *     canonical constructor's own checks (any unchecked exception it throws, as is)
     */
    public static <R extends Record> R with(R record, String name, Object value) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        boolean found = false;
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                boolean replaced = components[i].getName().equals(name);
                values[i] = replaced ? value : components[i].getAccessor().invoke(record);
                found |= replaced;
            }
            if (!found) {
                throw new IllegalArgumentException(record.getClass().getName() + " has no component " + name);
            }
            @SuppressWarnings("unchecked")
            R copy = (R) record.getClass().getConstructor(types).newInstance(values);
            return copy;
        } catch (ReflectiveOperationException e) {
            throw unchecked(e);
        }
    }

    /** What a reflective call on a record threw: its own unchecked exception, as is. */
    public static RuntimeException unchecked(ReflectiveOperationException e) {
        Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
        return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
}
