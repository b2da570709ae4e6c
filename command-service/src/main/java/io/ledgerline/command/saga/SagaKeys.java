package io.ledgerline.command.saga;

import io.ledgerline.saga.SagaState;
import io.ledgerline.streams.PoisonRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.utils.Bytes;

/**
 * The key space of the saga store (ADR 0049). A saga's key is its transfer id in UTF-8, as it always was. Keys whose
 * first byte is below {@link #FIRST_SAGA_BYTE} (a control character, which no transfer id starts with: the saga
 * refuses such an id) are the store's own entries, tagged by that byte:
 * <ul>
 *   <li>{@code 0x00} + the time in epoch milliseconds (8 bytes, big-endian) + the transfer id: the time index, when to
 *       look at a transfer next. RocksDB orders keys by their unsigned bytes, so a range up to {@link #dueBy} finds
 *       exactly the transfers whose time has come, oldest first, and nothing else of the store;</li>
 *   <li>{@code 0x01}: how many sagas of the store are in each status, one 8-byte big-endian count per status in the
 *       order of {@link SagaState.Status} (one key, so a status change writes one record);</li>
 *   <li>{@code 0x02}: the format marker, present once the index and the counts cover every saga of the store;</li>
 *   <li>{@code 0x03}: while a store of the former format (sagas only) is being migrated, the key of the next saga to
 *       index and count.</li>
 * </ul>
 */
final class SagaKeys {

    private static final byte TIME = 0x00;
    private static final byte COUNT = 0x01;
    private static final byte FORMAT = 0x02;
    private static final byte MIGRATION = 0x03;
    private static final int FIRST_SAGA_BYTE = 0x20;

    /** The format marker's key. */
    static final Bytes FORMAT_MARKER = Bytes.wrap(new byte[] {FORMAT});
    /** The key of the migration's position. */
    static final Bytes MIGRATION_NEXT = Bytes.wrap(new byte[] {MIGRATION});
    /** The lowest key a saga can have: a range from here on holds the sagas only. */
    static final Bytes FIRST_SAGA = Bytes.wrap(new byte[] {FIRST_SAGA_BYTE});

    private SagaKeys() {
    }

    /** The key of {@code transferId}'s saga; an id that would fall into the store's own key space is refused. */
    static Bytes saga(String transferId) {
        if (transferId.isEmpty() || transferId.charAt(0) < FIRST_SAGA_BYTE) {
            throw new PoisonRecordException("transfer id '" + transferId + "' is empty or starts with a control "
                    + "character; the saga store reserves those keys for its indexes");
        }
        return Bytes.wrap(transferId.getBytes(StandardCharsets.UTF_8));
    }

    /** The lowest key above {@code key}: the same bytes and a zero byte. */
    static Bytes after(Bytes key) {
        return Bytes.wrap(ByteBuffer.allocate(key.get().length + 1).put(key.get()).array());
    }

    static String transferId(Bytes sagaKey) {
        return new String(sagaKey.get(), StandardCharsets.UTF_8);
    }

    /** The time index entry of {@code transferId} at {@code at}. */
    static Bytes time(Instant at, String transferId) {
        byte[] id = transferId.getBytes(StandardCharsets.UTF_8);
        // Times before 1970 do not occur; clamping keeps the sign bit out of the byte order.
        return Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES + id.length)
                .put(TIME).putLong(Math.max(0, at.toEpochMilli())).put(id).array());
    }

    /** The lowest time index key. */
    static Bytes firstTime() {
        return Bytes.wrap(new byte[] {TIME});
    }

    /** A bound above every time index key at or before {@code bound} (whole milliseconds), below every other key. */
    static Bytes dueBy(Instant bound) {
        return Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES).put(TIME).putLong(bound.toEpochMilli() + 1).array());
    }

    static String transferIdOfTime(Bytes timeKey) {
        byte[] bytes = timeKey.get();
        return new String(bytes, 1 + Long.BYTES, bytes.length - 1 - Long.BYTES, StandardCharsets.UTF_8);
    }

    /** The key of the counts of sagas per status. */
    static final Bytes COUNTS = Bytes.wrap(new byte[] {COUNT});

    /** The value of {@link #COUNTS}: {@code byStatus} (indexed by {@link SagaState.Status#ordinal()}). */
    static byte[] countsValue(long[] byStatus) {
        ByteBuffer value = ByteBuffer.allocate(byStatus.length * Long.BYTES);
        for (long count : byStatus) {
            value.putLong(count);
        }
        return value.array();
    }

    /** The counts per status held in {@code value} (null: none stored, all zero). */
    static long[] countsOf(byte[] value) {
        long[] byStatus = new long[SagaState.Status.values().length];
        if (value != null) {
            ByteBuffer counts = ByteBuffer.wrap(value);
            for (int i = 0; i < byStatus.length && counts.remaining() >= Long.BYTES; i++) {
                byStatus[i] = counts.getLong();
            }
        }
        return byStatus;
    }
}
