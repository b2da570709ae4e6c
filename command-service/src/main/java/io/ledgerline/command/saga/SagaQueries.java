package io.ledgerline.command.saga;

import io.ledgerline.saga.SagaState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the saga stores of the tasks this instance owns (interactive queries): the STUCK transfers and a transfer's
 * saga (the number of sagas per status is copied in memory by the tasks: {@link SagaStreams#countsByStatus}). With
 * several instances each answers for its own partitions; ADR 0010 says why that is enough for now. A store that is
 * not queryable (the saga is starting or rebalancing) throws Kafka Streams'
 * {@link org.apache.kafka.streams.errors.InvalidStateStoreException}.
 */
public final class SagaQueries {

    /** Finds a saga store by name. */
    @FunctionalInterface
    public interface Stores {
        <K, V> ReadOnlyKeyValueStore<K, V> store(String name);
    }

    private static final SagaStateSerde SAGA_SERDE = new SagaStateSerde();

    private final Stores stores;

    public SagaQueries(Stores stores) {
        this.stores = stores;
    }

    /** The saga stores of a running Kafka Streams instance, over all its local tasks. */
    public static SagaQueries of(KafkaStreams streams) {
        return new SagaQueries(new Stores() {
            @Override
            public <K, V> ReadOnlyKeyValueStore<K, V> store(String name) {
                return streams.store(StoreQueryParameters.fromNameAndType(name,
                        QueryableStoreTypes.<K, V>keyValueStore()));
            }
        });
    }

    /** Up to {@code limit} STUCK transfers, in transfer id order within each task. */
    public List<StuckTransfer> stuck(int limit) {
        ReadOnlyKeyValueStore<String, byte[]> index = stores.store(SagaTopology.STUCK_STORE);
        List<StuckTransfer> stuck = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = index.all()) {
            while (all.hasNext() && stuck.size() < limit) {
                KeyValue<String, byte[]> entry = all.next();
                // The index carries the stuck saga; entries written before it did are looked up in the saga store.
                StuckTransfer.fromIndexValue(entry.value).or(() -> saga(entry.key)
                        .filter(saga -> saga.state() instanceof SagaState.Stuck)
                        .map(saga -> StuckTransfer.of((SagaState.Stuck) saga.state())))
                        .ifPresent(stuck::add);
            }
        }
        return stuck;
    }

    /** The saga of {@code transferId} if a task here stores it (the store's index and count keys are not sagas). */
    Optional<StoredSaga> saga(String transferId) {
        ReadOnlyKeyValueStore<Bytes, byte[]> sagas = stores.store(SagaTopology.SAGAS_STORE);
        return Optional.ofNullable(sagas.get(SagaKeys.saga(transferId))).map(SAGA_SERDE::decode);
    }
}
