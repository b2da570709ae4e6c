package io.ledgerline.command.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.saga.Outstanding;
import io.ledgerline.saga.Progress;
import io.ledgerline.saga.SagaState;
import io.ledgerline.saga.Step;
import io.ledgerline.saga.TransferTerms;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One task's saga stores across initialisations (ADR 0049): the time index and the counts in the saga store, written
 * into a store of the former format (sagas only) by a migration in slices that resumes where it stood, then read, not
 * rebuilt, by every later initialisation, and kept right by saving and by the purge of expired sagas.
 */
class SagaStoresTest {

    private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(8);
    private static final Progress DEBITED = new Progress(Set.of(Step.DEBIT), Set.of(), Map.of(), false, null);

    private final SagaStateSerde serde = new SagaStateSerde();
    private final SagaCounters counters = new SagaCounters();
    private final MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
    private KeyValueStore<Bytes, byte[]> sagas;

    @BeforeEach
    void stores() {
        sagas = store(SagaTopology.SAGAS_STORE, Serdes.Bytes());
        store(SagaTopology.STUCK_STORE, Serdes.String());
    }

    private <K> KeyValueStore<K, byte[]> store(String name, Serde<K> keys) {
        KeyValueStore<K, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys,
                Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    @Test
    void givenAStoreOfTheFormerRelease_whenMigratedInSlices_thenItsIndexAndCountsAreWrittenIntoIt() {
        // As the former release left it: sagas under their transfer ids, nothing else.
        sagas.put(SagaKeys.saga("trf-crediting"), serde.encode(crediting("trf-crediting", NOW.plusSeconds(1))));
        sagas.put(SagaKeys.saga("trf-debiting"), serde.encode(debiting("trf-debiting", NOW.plusSeconds(2))));
        sagas.put(SagaKeys.saga("trf-done"), serde.encode(completed("trf-done", NOW.plus(RETENTION))));
        sagas.put(SagaKeys.saga("trf-stuck"), serde.encode(stuck("trf-stuck")));

        try (SagaStores stores = new SagaStores(context, counters)) {
            stores.migrate(2);
            assertThat(counters.byStatus()).containsEntry(SagaState.Status.CREDITING, 1L)
                    .containsEntry(SagaState.Status.DEBITING, 1L).containsEntry(SagaState.Status.COMPLETED, 0L);
            assertThat(sagas.get(SagaKeys.FORMAT_MARKER)).isNull();
        }
        // Restarted mid-way: resumed at its position, not from the start.
        try (SagaStores stores = new SagaStores(context, counters)) {
            assertThat(counters.byStatus()).containsEntry(SagaState.Status.DEBITING, 1L);
            // A saga stored beyond the position is indexed at once and counted when the migration reaches it.
            stores.save("trf-new", null, debiting("trf-new", NOW.plusSeconds(3)));
            assertThat(counters.byStatus()).containsEntry(SagaState.Status.DEBITING, 1L);
            stores.migrate(2);
            stores.migrate(2);

            assertThat(sagas.get(SagaKeys.FORMAT_MARKER)).isNotNull();
            assertThat(sagas.get(SagaKeys.MIGRATION_NEXT)).isNull();
            assertThat(counters.byStatus()).containsEntry(SagaState.Status.DEBITING, 2L)
                    .containsEntry(SagaState.Status.CREDITING, 1L).containsEntry(SagaState.Status.COMPLETED, 1L)
                    .containsEntry(SagaState.Status.STUCK, 1L).containsEntry(SagaState.Status.FAILED, 0L);
            assertThat(SagaKeys.countsOf(sagas.get(SagaKeys.COUNTS))[SagaState.Status.DEBITING.ordinal()]).isEqualTo(2);
            assertThat(stores.due(NOW.plus(RETENTION), 10))
                    .containsExactly("trf-crediting", "trf-debiting", "trf-new", "trf-done");
        }
        assertThat(counters.byStatus().values()).as("withdrawn at close").containsOnly(0L);

        // Later initialisations read the counts; they do not scan the sagas again (this one they would miss).
        sagas.put(SagaKeys.saga("trf-unindexed"), serde.encode(debiting("trf-unindexed", NOW)));
        try (SagaStores stores = new SagaStores(context, counters)) {
            stores.migrate(2);
            assertThat(counters.byStatus()).containsEntry(SagaState.Status.DEBITING, 2L);
            assertThat(stores.due(NOW.plusSeconds(3), 10)).containsExactly("trf-crediting", "trf-debiting", "trf-new");
        }
    }

    @Test
    void givenAnEmptyStore_whenMigrated_thenMarkedAtOnce_andEverySagaIsCountedWhenSaved() {
        try (SagaStores stores = new SagaStores(context, counters)) {
            stores.migrate(2);
            assertThat(sagas.get(SagaKeys.FORMAT_MARKER)).isNotNull();
            stores.save("trf-1", null, debiting("trf-1", NOW.plusSeconds(1)));
            assertThat(counters.byStatus()).containsEntry(SagaState.Status.DEBITING, 1L);
        }
    }

    @Test
    void givenSagasSavedAndPurged_whenInitialisedAgain_thenTheCountsAndTheIndexAreThoseOfTheStore() {
        try (SagaStores stores = new SagaStores(context, counters)) {
            stores.migrate(SagaProcessor.MIGRATION_SLICE);
            StoredSaga debiting = debiting("trf-1", NOW.plusSeconds(1));
            stores.save("trf-1", null, debiting);
            StoredSaga crediting = crediting("trf-1", NOW.plusSeconds(3));
            stores.save("trf-1", debiting, crediting);
            stores.save("trf-1", crediting, completed("trf-1", NOW.plus(RETENTION)));
            stores.save("trf-2", null, debiting("trf-2", NOW.plusSeconds(5)));
        }

        try (SagaStores stores = new SagaStores(context, counters)) {
            assertThat(counters.byStatus()).containsEntry(SagaState.Status.COMPLETED, 1L)
                    .containsEntry(SagaState.Status.DEBITING, 1L).containsEntry(SagaState.Status.CREDITING, 0L);
            assertThat(stores.due(NOW.plus(RETENTION), 10)).containsExactly("trf-2", "trf-1");

            stores.forget("trf-1", stores.get("trf-1"));

            assertThat(stores.get("trf-1")).isNull();
            assertThat(sagas.get(SagaKeys.time(NOW.plus(RETENTION), "trf-1"))).isNull();
            assertThat(counters.byStatus()).containsEntry(SagaState.Status.COMPLETED, 0L);
        }

        try (SagaStores stores = new SagaStores(context, counters)) {
            assertThat(counters.byStatus()).containsEntry(SagaState.Status.COMPLETED, 0L)
                    .containsEntry(SagaState.Status.DEBITING, 1L);
            assertThat(stores.due(NOW.plus(RETENTION), 10)).containsExactly("trf-2");
            assertThat(SagaKeys.countsOf(sagas.get(SagaKeys.COUNTS))[SagaState.Status.COMPLETED.ordinal()]).isZero();
        }
    }

    private static TransferTerms terms(String transferId) {
        return new TransferTerms(transferId, "acc-1", "acc-2", 700, "EUR");
    }

    private static StoredSaga debiting(String transferId, Instant deadline) {
        return new StoredSaga(new SagaState.Running(terms(transferId), Progress.none(),
                new Outstanding(Step.DEBIT, 1, NOW, deadline)), "corr");
    }

    private static StoredSaga crediting(String transferId, Instant deadline) {
        return new StoredSaga(new SagaState.Running(terms(transferId), DEBITED,
                new Outstanding(Step.CREDIT, 1, NOW, deadline)), "corr");
    }

    private static StoredSaga completed(String transferId, Instant expiresAt) {
        return new StoredSaga(new SagaState.Completed(terms(transferId),
                new Progress(Set.of(Step.DEBIT, Step.CREDIT), Set.of(), Map.of(), true, null)), "corr", expiresAt);
    }

    private static StoredSaga stuck(String transferId) {
        return new StoredSaga(new SagaState.Stuck(terms(transferId), DEBITED, SagaState.StuckCause.NO_ANSWER,
                Step.CREDIT, 5, NOW), "corr");
    }
}
