package io.ledgerline.registry;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A concurrent map that never holds more than {@code capacity} entries. When full, an arbitrary entry makes room:
 * the keys are schemas and ids, a working set far below the capacity, so eviction is a guard against unbounded
 * growth rather than a policy worth tuning; reads stay lock-free.
 */
final class BoundedCache<K, V> {

    private final ConcurrentHashMap<K, V> entries = new ConcurrentHashMap<>();
    private final int capacity;

    BoundedCache(int capacity) {
        this.capacity = capacity;
    }

    V get(K key) {
        return entries.get(key);
    }

    /** The cached value, or the loaded one (cached unless loading throws). */
    V computeIfAbsent(K key, Function<K, V> load) {
        V value = entries.get(key);
        if (value != null) {
            return value;
        }
        value = load.apply(key);
        put(key, value);
        return value;
    }

    void put(K key, V value) {
        if (!entries.containsKey(key)) {
            Iterator<K> keys = entries.keySet().iterator();
            while (entries.size() >= capacity && keys.hasNext()) {
                keys.next();
                keys.remove();
            }
        }
        entries.put(key, value);
    }

    void removeIf(Predicate<K> condition) {
        entries.keySet().removeIf(condition);
    }

    int size() {
        return entries.size();
    }
}
