package io.ledgerline.query.projection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * The in-memory copies of store partitions this instance's active tasks keep ({@link StoreCopy}, ADR 0048), by store
 * and partition, and the entries they share: at most {@link #capacity()} keys in all copies of the instance together
 * ({@code ledgerline.projections.view-copy-entries}); 0 keeps no copies, and every read goes to the store.
 */
public final class StoreCopies {

    private final Entries entries;
    private final Map<Slot, StoreCopy<?>> copies = new ConcurrentHashMap<>();

    private record Slot(String store, int partition) {
    }

    public StoreCopies(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, was " + capacity);
        }
        this.entries = new Entries(capacity);
    }

    /**
     * A new, empty copy of {@code partition} of {@code store}, for the incarnation of its task that is being
     * initialised (it replaces any copy left of an earlier one); null when copies are off.
     */
    public <V> StoreCopy<V> open(String store, int partition, ToLongFunction<V> version) {
        if (entries.capacity == 0) {
            return null;
        }
        StoreCopy<V> copy = new StoreCopy<>(version, entries);
        StoreCopy<?> earlier = copies.put(new Slot(store, partition), copy);
        if (earlier != null) {
            earlier.discard();
        }
        return copy;
    }

    /** The task that opened {@code copy} closes: it is discarded (if a later incarnation replaced it, only that). */
    public void close(String store, int partition, StoreCopy<?> copy) {
        if (copy != null) {
            copies.remove(new Slot(store, partition), copy);
            copy.discard();
        }
    }

    /** The copy of {@code partition} of {@code store} while its task runs here, else null. */
    @SuppressWarnings("unchecked")
    public <V> StoreCopy<V> of(String store, int partition) {
        return (StoreCopy<V>) copies.get(new Slot(store, partition));
    }

    /** The most keys all copies hold together. */
    public int capacity() {
        return entries.capacity;
    }

    /** Keys the open copies hold now. */
    public int used() {
        return entries.used.get();
    }

    /** The instance's entries: taken one per new key, given back when a copy is discarded. */
    static final class Entries {

        private final int capacity;
        private final AtomicInteger used = new AtomicInteger();

        Entries(int capacity) {
            this.capacity = capacity;
        }

        boolean take() {
            int n;
            do {
                n = used.get();
                if (n >= capacity) {
                    return false;
                }
            } while (!used.compareAndSet(n, n + 1));
            return true;
        }

        void giveBack(int n) {
            used.addAndGet(-n);
        }
    }
}
