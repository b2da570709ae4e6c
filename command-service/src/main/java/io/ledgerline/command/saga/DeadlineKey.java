package io.ledgerline.command.saga;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.utils.Bytes;

/**
 * A key of the deadline index: the deadline in epoch milliseconds (8 bytes, big-endian) then the transfer id in
 * UTF-8. RocksDB orders keys by their bytes, so a range from the start to {@link #dueBy} finds exactly the transfers
 * whose deadline has passed, oldest first, without scanning the rest.
 */
final class DeadlineKey {

    private DeadlineKey() {
    }

    static Bytes of(Instant deadline, String transferId) {
        byte[] id = transferId.getBytes(StandardCharsets.UTF_8);
        // Deadlines before 1970 do not occur; clamping keeps the sign bit out of the byte order.
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + id.length)
                .putLong(Math.max(0, deadline.toEpochMilli())).put(id).array());
    }

    /** The lowest possible key. */
    static Bytes first() {
        return Bytes.wrap(new byte[Long.BYTES]);
    }

    /** A bound above every key whose deadline is at or before {@code now} (whole milliseconds). */
    static Bytes dueBy(Instant now) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(now.toEpochMilli() + 1).array());
    }

    static String transferId(Bytes key) {
        byte[] bytes = key.get();
        return new String(bytes, Long.BYTES, bytes.length - Long.BYTES, StandardCharsets.UTF_8);
    }
}
