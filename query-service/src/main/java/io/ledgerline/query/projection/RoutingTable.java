package io.ledgerline.query.projection;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/**
 * Where each partition of each store lives, and this instance's handles on its own partitions, remembered for as
 * long as one assignment lasts, so that a read takes no Kafka Streams lock. {@link KafkaStreams#queryMetadataForKey}
 * synchronizes on the instance's metadata and {@link KafkaStreams#store} returns a wrapper that looks the task up
 * again, under the stream thread's task lock, on every {@code get}; both are also taken by the stream thread, and a
 * read that waits for a descheduled holder waits long (ADR 0023).
 *
 * <p>The key's partition is computed as the default partitioner does (murmur2 of the UTF-8 key modulo the store's
 * partition count, the same function the producers of {@code ledger.events} and the repartition steps use); the
 * partition → active host / standby hosts map and the partition count are asked from Streams once per store and
 * assignment, partition by partition. <b>Invalidation</b>: every change of the Streams state drops the table (this is
 * the instance's state listener); Streams leaves RUNNING before it revokes or receives partitions, so a partition
 * can only move while the table is empty. While the instance is not RUNNING each read asks Streams as before, and
 * the first read after it is RUNNING again builds the new table. A read that began on a table that has been dropped
 * since is marked {@link Route#moved() moved}: the caller marks its answer stale, because the partition may have left
 * this instance while it read.
 */
public final class RoutingTable implements KafkaStreams.StateListener {

    private final KafkaStreams streams;
    private final Object lock = new Object();
    private long generation;
    private volatile Assignment current;

    RoutingTable(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        synchronized (lock) {
            generation++;
            current = null;
        }
    }

    /**
     * Where {@code key} of {@code store} lives: from the table while the instance is RUNNING, else asked from
     * Streams; {@code null} while Streams cannot tell or knows no owner (the store is being assigned).
     */
    public Route route(String store, String key) {
        Assignment assignment = assignment();
        Placement placement = assignment == null ? null : assignment.placement(store);
        if (placement != null && placement.complete()) {
            KeyQueryMetadata owner = placement.owners[partition(key, placement.owners.length)];
            return new Route(this, assignment, owner.partition(), owner.activeHost(), owner.standbyHosts());
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)
                || owner.activeHost().equals(HostInfo.unavailable())) {
            return null;
        }
        return new Route(this, null, owner.partition(), owner.activeHost(), owner.standbyHosts());
    }

    /** The partition of {@code key} among {@code partitions}, as Kafka's default partitioner computes it. */
    static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private Assignment assignment() {
        Assignment assignment = current;
        if (assignment != null) {
            return assignment;
        }
        long seen;
        synchronized (lock) {
            seen = generation;
        }
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return null;
        }
        // Installed only if no state change came between reading the generation and here.
        Assignment built = new Assignment();
        synchronized (lock) {
            if (generation != seen) {
                return null;
            }
            if (current == null) {
                current = built;
            }
            return current;
        }
    }

    <T> T store(Route route, String name, boolean stale, QueryableStoreType<T> type) {
        StoreQueryParameters<T> parameters = StoreQueryParameters.fromNameAndType(name, type)
                .withPartition(route.partition());
        if (route.assignment == null) {
            return streams.store(stale ? parameters.enableStaleStores() : parameters);
        }
        Handle handle = new Handle(name, route.partition(), stale);
        Object known = route.assignment.handles.get(handle);
        if (known == null) {
            StoreQueryParameters<T> single = StoreQueryParameters.fromNameAndType(name, new SinglePartition<>(type))
                    .withPartition(route.partition());
            known = streams.store(stale ? single.enableStaleStores() : single);
            route.assignment.handles.putIfAbsent(handle, known);
        }
        @SuppressWarnings("unchecked")
        T store = (T) known;
        return store;
    }

    boolean dropped(Assignment assignment) {
        return assignment != null && current != assignment;
    }

    /** Drops the table after a store handle failed (closed under a read), so the next read looks again. */
    void forget(Assignment assignment) {
        synchronized (lock) {
            if (current == assignment && assignment != null) {
                generation++;
                current = null;
            }
        }
    }

    /** One assignment's placements (computed per store on first use) and store handles. */
    final class Assignment {

        private final Map<String, Placement> placements = new ConcurrentHashMap<>();
        private final Map<Handle, Object> handles = new ConcurrentHashMap<>();

        private Placement placement(String store) {
            return placements.computeIfAbsent(store, this::locate);
        }

        /** Asks Streams for each partition's hosts through a partitioner that names the partition. */
        private Placement locate(String store) {
            int[] count = new int[1];
            KeyQueryMetadata first = streams.queryMetadataForKey(store, "", counting(count));
            if (first == null || first.equals(KeyQueryMetadata.NOT_AVAILABLE) || count[0] == 0) {
                return Placement.UNKNOWN;
            }
            KeyQueryMetadata[] owners = new KeyQueryMetadata[count[0]];
            for (int p = 0; p < owners.length; p++) {
                KeyQueryMetadata owner = streams.queryMetadataForKey(store, "", fixed(p));
                if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)
                        || owner.activeHost().equals(HostInfo.unavailable())) {
                    return Placement.UNKNOWN;
                }
                owners[p] = owner;
            }
            return new Placement(owners);
        }
    }

    private static StreamPartitioner<String, Object> counting(int[] count) {
        return (topic, key, value, partitions) -> {
            count[0] = partitions;
            return Optional.of(Set.of(0));
        };
    }

    private static StreamPartitioner<String, Object> fixed(int partition) {
        return (topic, key, value, partitions) -> Optional.of(Set.of(partition));
    }

    /** Each partition's owners; {@link #UNKNOWN} when Streams could not tell: reads then ask Streams each time. */
    private record Placement(KeyQueryMetadata[] owners) {

        static final Placement UNKNOWN = new Placement(new KeyQueryMetadata[0]);

        boolean complete() {
            return owners.length > 0;
        }
    }

    private record Handle(String store, int partition, boolean stale) {
    }

    /**
     * A store type that hands out the store of the one partition asked for, rather than Streams' composite wrapper
     * (which finds that store again, under the task lock, on every call). A closed store still refuses reads
     * ({@code InvalidStateStoreException}). Timestamped stores are not accepted: Streams would wrap them in a facade.
     */
    private record SinglePartition<T>(QueryableStoreType<T> type) implements QueryableStoreType<T> {

        @Override
        public boolean accepts(StateStore store) {
            return type.accepts(store) && !(store instanceof TimestampedKeyValueStore)
                    && !(store instanceof TimestampedWindowStore);
        }

        @Override
        public T create(StateStoreProvider provider, String storeName) {
            List<T> stores = provider.stores(storeName, this);
            return stores.get(0);
        }
    }
}
