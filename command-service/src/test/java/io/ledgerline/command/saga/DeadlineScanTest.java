package io.ledgerline.command.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.saga.SagaState;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tick's scan of the time index in the saga store: time order, the limit, resuming, the periodic full scan, and
 * the store's other keys (sagas, counts, the format marker) never found.
 */
class DeadlineScanTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private KeyValueStore<Bytes, byte[]> store;
    private DeadlineScan scan;

    @BeforeEach
    void store() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("sagas"), Serdes.Bytes(),
                Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        scan = new DeadlineScan(store);
        store.put(SagaKeys.FORMAT_MARKER, new byte[0]);
        store.put(SagaKeys.COUNTS, SagaKeys.countsValue(new long[SagaState.Status.values().length]));
        store.put(SagaKeys.saga("tr-a"), new byte[] {2});
        store.put(SagaKeys.saga("\u00ff-high"), new byte[] {2});
    }

    private void put(long second, String transferId) {
        store.put(SagaKeys.time(T0.plusSeconds(second), transferId), new byte[0]);
    }

    private void delete(long second, String transferId) {
        store.delete(SagaKeys.time(T0.plusSeconds(second), transferId));
    }

    @Test
    void findsWhatIsDueInTimeOrder_andNothingLater() {
        put(5, "tr-b");
        put(1, "tr-c");
        put(3, "tr-a");
        put(6, "tr-later");

        assertThat(scan.due(T0.plusSeconds(5), 10)).containsExactly("tr-c", "tr-a", "tr-b");
    }

    @Test
    void aRoundCutAtTheLimit_resumesAtItsLastEntry() {
        put(1, "tr-1");
        put(2, "tr-2");
        put(3, "tr-3");

        assertThat(scan.due(T0.plusSeconds(10), 2)).containsExactly("tr-1", "tr-2");
        delete(1, "tr-1"); // the tick moved the first; the second it left where it was
        assertThat(scan.due(T0.plusSeconds(10), 2)).containsExactly("tr-2", "tr-3");
    }

    @Test
    void aFullRound_resumesAtItsBound_soNewDeadlinesAfterItAreFound() {
        put(1, "tr-1");
        assertThat(scan.due(T0.plusSeconds(2), 10)).containsExactly("tr-1");
        delete(1, "tr-1");
        put(17, "tr-1"); // re-sent: now (2 s) plus its backoff

        assertThat(scan.due(T0.plusSeconds(10), 10)).isEmpty();
        assertThat(scan.due(T0.plusSeconds(17), 10)).containsExactly("tr-1");
    }

    @Test
    void anEntryBelowWhereTheScanResumes_isFoundByTheNextFullScan() {
        assertThat(scan.due(T0.plusSeconds(10), 10)).isEmpty();
        put(5, "tr-clock-stepped-back");

        assertThat(scan.due(T0.plusSeconds(20), 10)).isEmpty();
        Instant fullScan = T0.plusSeconds(10).plus(DeadlineScan.FULL_SCAN_INTERVAL);
        assertThat(scan.due(fullScan, 10)).containsExactly("tr-clock-stepped-back");
    }

    @Test
    void aBoundThatMovesBack_scansFromTheStartAgain() {
        assertThat(scan.due(T0.plusSeconds(10), 10)).isEmpty();
        put(3, "tr-1");

        assertThat(scan.due(T0.plusSeconds(4), 10)).containsExactly("tr-1");
    }
}
