package org.backprop4j.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * Copies of records with one component replaced, through the canonical constructor (which checks
 * it): one copy method for every settings record, so that adding an option to one is one line.
 * A record class's accessors and constructor are looked up once, as method handles: a copy of a
 * 13-component {@code FitOptions} allocated about 15 KB through {@code getRecordComponents} and
 * {@code Method.invoke} each time, which showed as 74 KB per {@code fit} call wherever options
 * are built per call (TrainBench's {@code -prof gc}). For configuration, not for a hot path.
 */
public final class Records {
    private Records() {
    }

    /** A record class's component names, accessors (record → boxed value) and canonical constructor (Object[] → record). */
    private record Shape(String[] names, MethodHandle[] accessors, MethodHandle constructor) {
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            String[] names = new String[components.length];
            Class<?>[] types = new Class<?>[components.length];
            MethodHandle[] accessors = new MethodHandle[components.length];
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            try {
                for (int i = 0; i < components.length; i++) {
                    names[i] = components[i].getName();
                    types[i] = components[i].getType();
                    accessors[i] = lookup.unreflect(components[i].getAccessor())
                            .asType(MethodType.methodType(Object.class, Object.class));
                }
                // asType from Object applies Method.invoke's conversions (unboxing, widening)
                MethodHandle constructor = lookup.unreflectConstructor(type.getConstructor(types))
                        .asSpreader(Object[].class, components.length)
                        .asType(MethodType.methodType(Object.class, Object[].class));
                return new Shape(names, accessors, constructor);
            } catch (ReflectiveOperationException e) {
                throw unchecked(e);
            }
        }
    };

    /**
     * {@code record} with its component {@code name} set to {@code value}.
     *
     * @throws IllegalArgumentException if the record has no such component, or from the
     *     canonical constructor's own checks (any unchecked exception it throws, as is)
     */
    public static <R extends Record> R with(R record, String name, Object value) {
        Shape shape = SHAPES.get(record.getClass());
        Object[] values = new Object[shape.names().length];
        boolean found = false;
        try {
            for (int i = 0; i < values.length; i++) {
                boolean replaced = shape.names()[i].equals(name);
                values[i] = replaced ? value : (Object) shape.accessors()[i].invokeExact((Object) record);
                found |= replaced;
            }
            if (!found) {
                throw new IllegalArgumentException(record.getClass().getName() + " has no component " + name);
            }
            @SuppressWarnings("unchecked")
            R copy = (R) (Object) shape.constructor().invokeExact(values);
            return copy;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) { // accessors and canonical constructors declare no checked exception
            throw new IllegalStateException(e);
        }
    }

    /** What a reflective call on a record threw: its own unchecked exception, as is. */
    public static RuntimeException unchecked(ReflectiveOperationException e) {
        Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
        return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
}
