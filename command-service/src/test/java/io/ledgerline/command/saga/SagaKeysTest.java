package io.ledgerline.command.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.saga.SagaState;
import io.ledgerline.streams.PoisonRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/** The saga store's key space: sagas under their transfer id, the time index, the counts and the format marker. */
class SagaKeysTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    @Test
    void aSagaKeyIsItsTransferIdInUtf8_asTheStoreAlwaysHeldIt() {
        Bytes key = SagaKeys.saga("trf-7e1c");

        assertThat(key.get()).isEqualTo("trf-7e1c".getBytes(StandardCharsets.UTF_8));
        assertThat(SagaKeys.transferId(key)).isEqualTo("trf-7e1c");
        assertThat(key).isGreaterThanOrEqualTo(SagaKeys.FIRST_SAGA);
    }

    @Test
    void aTimeKey_roundTripsItsTransferId() {
        assertThat(SagaKeys.transferIdOfTime(SagaKeys.time(T0, "trf-ünïcode"))).isEqualTo("trf-ünïcode");
    }

    @Test
    void timeKeys_sortByTimeThenTransferId_asUnsignedBytes() {
        List<Bytes> keys = new ArrayList<>(List.of(
                SagaKeys.time(T0.plusMillis(256), "a"),
                SagaKeys.time(T0.plusSeconds(1), "b"),
                SagaKeys.time(T0.plusSeconds(1), "a"),
                SagaKeys.time(T0.plusMillis(1), "z"),
                SagaKeys.time(T0, "z")));
        keys.sort(null);

        assertThat(keys).containsExactly(
                SagaKeys.time(T0, "z"),
                SagaKeys.time(T0.plusMillis(1), "z"),
                SagaKeys.time(T0.plusMillis(256), "a"),
                SagaKeys.time(T0.plusSeconds(1), "a"),
                SagaKeys.time(T0.plusSeconds(1), "b"));
    }

    @Test
    void dueBy_isAboveEveryTimeKeyOfThatMillisecond_andBelowTheNext() {
        assertThat(SagaKeys.time(T0, "\uffff".repeat(40))).isLessThan(SagaKeys.dueBy(T0));
        assertThat(SagaKeys.time(T0.plusMillis(1), "")).isGreaterThanOrEqualTo(SagaKeys.dueBy(T0));
        assertThat(SagaKeys.time(Instant.EPOCH, "a")).isGreaterThan(SagaKeys.firstTime());
    }

    @Test
    void indexCountAndMarkerKeys_sortBelowEverySagaKey() {
        Bytes lastTime = SagaKeys.dueBy(Instant.ofEpochMilli(Long.MAX_VALUE - 1));
        List<Bytes> ownKeys = List.of(SagaKeys.time(T0, "trf-1"), lastTime, SagaKeys.COUNTS,
                SagaKeys.FORMAT_MARKER, SagaKeys.MIGRATION_NEXT);
        for (Bytes own : ownKeys) {
            assertThat(own).as("%s", own).isLessThan(SagaKeys.FIRST_SAGA)
                    .isLessThan(SagaKeys.saga(" lowest printable"));
        }
        // Every time key sorts below the counts key, so a range of due times never reaches the counts.
        assertThat(lastTime).isLessThan(SagaKeys.COUNTS);
    }

    @Test
    void aTransferIdInTheReservedKeySpace_isRefusedAsAPoisonRecord() {
        assertThatThrownBy(() -> SagaKeys.saga("\u0000trf")).isInstanceOf(PoisonRecordException.class);
        assertThatThrownBy(() -> SagaKeys.saga("\u001ftrf")).isInstanceOf(PoisonRecordException.class);
        assertThatThrownBy(() -> SagaKeys.saga("")).isInstanceOf(PoisonRecordException.class);
    }

    @Test
    void theCounts_roundTripInOneValue_andMissingOnesAreZero() {
        long[] byStatus = new long[SagaState.Status.values().length];
        for (int i = 0; i < byStatus.length; i++) {
            byStatus[i] = 1_234_567_890_123L * (i + 1);
        }
        byte[] value = SagaKeys.countsValue(byStatus);
        assertThat(value).hasSize(byStatus.length * Long.BYTES);
        assertThat(SagaKeys.countsOf(value)).containsExactly(byStatus);
        assertThat(SagaKeys.countsOf(null)).hasSize(byStatus.length).containsOnly(0L);
    }
}
