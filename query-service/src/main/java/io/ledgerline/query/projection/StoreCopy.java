package io.ledgerline.query.projection;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One incarnation of an active task's in-memory copy of one store partition (ADR 0048): a read of a key this
 * instance owns looks here first and takes no lock (Kafka Streams' {@code RocksDBStore} serialises every
 * {@code get} of a partition on its monitor). The projector writes each value here right after its store
 * {@code put}; a reader that misses reads the store and offers what it found. Rules:
 * <ul>
 * <li><b>Highest version wins.</b> A value replaces the copy's only when its version is higher, so a reader that
 *     read the store before the projector's next write can never put the older value back over the newer one. A
 *     version always has the same content (the fold is deterministic), so equal versions are interchangeable.
 * <li><b>Bounded, never evicted.</b> A new key takes one of the instance's {@link StoreCopies} entries; when none is
 *     free this copy is <i>sealed</i> for good: neither the projector nor a reader adds a key to it again, while keys
 *     already in it are still updated by the projector. Because a key never leaves a copy, a key the projector did
 *     not add (sealed) can never be added later by a reader holding an older value: the projector's and a reader's
 *     insert of one key are serialised by the map ({@code compute}), and once the projector found the copy sealed
 *     every later insert finds it sealed too.
 * <li><b>One incarnation.</b> A copy is opened when the task's processor is initialised and discarded when it is
 *     closed (also dirty, after an aborted transaction); a discarded copy answers nothing and takes nothing, and the
 *     next incarnation starts empty.
 * </ul>
 */
public final class StoreCopy<V> {

    private static final int DISCARDED = -1;

    private final ConcurrentHashMap<String, V> values = new ConcurrentHashMap<>();
    private final ToLongFunction<V> version;
    private final StoreCopies.Entries entries;
    /** Keys this copy took from {@link #entries}; {@link #DISCARDED} once given back. */
    private final AtomicInteger admitted = new AtomicInteger();
    private volatile boolean sealed;

    StoreCopy(ToLongFunction<V> version, StoreCopies.Entries entries) {
        this.version = version;
        this.entries = entries;
    }

    /**
     * The value of {@code key}: the copy's, else {@code store}'s (offered to the copy); null when neither has it. A
     * discarded copy reads only the store, as a read did before copies.
     */
    public V read(String key, Function<String, V> store) {
        V value = admitted.get() == DISCARDED ? null : values.get(key);
        if (value != null) {
            return value;
        }
        value = store.apply(key);
        if (value != null) {
            offer(key, value);
        }
        return value;
    }

    /** The projector wrote {@code value} of {@code key} to the store (stream thread, right after the put). */
    public void written(String key, V value) {
        // Always through compute, even when sealed: a reader may be adding this key right now, and the projector
        // must find that entry and update it.
        values.compute(key, (k, current) -> newer(current, value));
    }

    /** What a reader found in the store, for the copy to keep if it is newer or the key is new and admitted. */
    void offer(String key, V value) {
        if (sealed) {
            // Only a key already here could change, and the projector keeps those up to date.
            return;
        }
        values.compute(key, (k, current) -> newer(current, value));
    }

    private V newer(V current, V value) {
        if (current != null) {
            return version.applyAsLong(value) > version.applyAsLong(current) ? value : current;
        }
        return admit() ? value : null;
    }

    /** Takes an entry for a new key (inside the map's compute of that key); seals the copy when none is left. */
    private boolean admit() {
        if (sealed) {
            return false;
        }
        if (!entries.take()) {
            sealed = true;
            return false;
        }
        int n;
        do {
            n = admitted.get();
            if (n == DISCARDED) {
                entries.giveBack(1);
                return false;
            }
        } while (!admitted.compareAndSet(n, n + 1));
        return true;
    }

    /** Gives this copy's entries back and stops it answering (its task closed). */
    void discard() {
        sealed = true;
        int n = admitted.getAndSet(DISCARDED);
        if (n > 0) {
            entries.giveBack(n);
        }
    }

    /** Keys in this copy. */
    public int size() {
        return values.size();
    }

    /** Whether new keys are refused for good (the instance's entries ran out while this copy was open). */
    public boolean sealed() {
        return sealed;
    }
}
