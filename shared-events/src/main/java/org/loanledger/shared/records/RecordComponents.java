package org.loanledger.shared.records;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * A record type's components in declaration order, each with its accessor, looked up once per type.
 *
 * <p>{@link Class#getRecordComponents()} builds new component objects on every call and
 * {@link RecordComponent#getAccessor()} a new copy of the method: in a rebuild of the account history, which writes
 * every field of every event, the lookup alone was 12% of the query side's CPU samples (BENCHMARKS.md, runs 45 to 47).
 */
public final class RecordComponents {

    /** One component: its name and how to read it. */
    public record Component(String name, Method accessor) {

        /** This component's value in {@code record}, which must be of the type it was looked up for. */
        public Object read(Object record) {
            try {
                return accessor.invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + name + " of " + record.getClass().getName(), e);
            }
        }
    }

    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            if (components == null) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            return Arrays.stream(components).map(c -> new Component(c.getName(), accessible(c.getAccessor()))).toList();
        }
    };

    private RecordComponents() {
    }

    /**
     * The accessor, callable from here although the record may be visible only in its own package (as the test
     * doubles of events are); a record this code may not open stays as it is and fails when read.
     */
    private static Method accessible(Method accessor) {
        accessor.trySetAccessible();
        return accessor;
    }

    /** The components of {@code type}, a record class. */
    public static List<Component> of(Class<?> type) {
        return COMPONENTS.get(type);
    }
}
