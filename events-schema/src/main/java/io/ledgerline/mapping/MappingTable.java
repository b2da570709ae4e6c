package io.ledgerline.mapping;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A closed mapping from the classes of one family to a function each. Java 17 has no exhaustive switch over a
 * sealed family, so the mappers keep one table per direction and {@code MappersCoverEveryTypeTest} checks that
 * each table covers every permitted subtype.
 */
final class MappingTable<S, T> {

    private final Map<Class<?>, Function<S, T>> byType = new HashMap<>();
    private final String what;

    MappingTable(String what) {
        this.what = what;
    }

    <C extends S> MappingTable<S, T> on(Class<C> type, Function<C, T> mapping) {
        byType.put(type, source -> mapping.apply(type.cast(source)));
        return this;
    }

    T apply(S source) {
        Function<S, T> mapping = byType.get(source.getClass());
        if (mapping == null) {
            throw new UnmappableRecordException(source.getClass().getName() + " is not a " + what);
        }
        return mapping.apply(source);
    }

    Set<Class<?>> types() {
        return Set.copyOf(byType.keySet());
    }
}
