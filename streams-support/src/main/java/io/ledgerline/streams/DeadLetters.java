package io.ledgerline.streams;

import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Builds dead letters for {@code ledger.dlq}: the original key and value bytes untouched, the original headers, and
 * the {@code dlq-*} headers naming where the record was read and why it was refused. The one place that knows this
 * shape, for the processor and for the Streams exception handlers alike.
 */
public final class DeadLetters {

    /** Error messages are cut here: a header is not the place for a whole stack of causes. */
    public static final int MAX_MESSAGE_LENGTH = 1_000;

    private static final List<String> DLQ_HEADERS = List.of(LedgerHeaders.DLQ_TOPIC, LedgerHeaders.DLQ_PARTITION,
            LedgerHeaders.DLQ_OFFSET, LedgerHeaders.DLQ_ERROR_CLASS, LedgerHeaders.DLQ_ERROR_MESSAGE);

    private DeadLetters() {
    }

    /**
     * The original headers plus where the record came from and why it failed. Any {@code dlq-*} headers the record
     * already carried (a dead letter replayed and refused again) are replaced, so the headers describe this failure.
     */
    public static Headers headers(Headers original, String topic, int partition, long offset, Throwable error) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            for (Header header : original) {
                if (!DLQ_HEADERS.contains(header.key())) {
                    headers.add(header.key(), header.value());
                }
            }
        }
        headers.add(LedgerHeaders.DLQ_TOPIC, utf8(String.valueOf(topic)));
        headers.add(LedgerHeaders.DLQ_PARTITION, utf8(Integer.toString(partition)));
        headers.add(LedgerHeaders.DLQ_OFFSET, utf8(Long.toString(offset)));
        headers.add(LedgerHeaders.DLQ_ERROR_CLASS, utf8(error.getClass().getName()));
        headers.add(LedgerHeaders.DLQ_ERROR_MESSAGE, utf8(message(error)));
        return headers;
    }

    /** The dead letter of the record a Streams exception handler was called for. */
    public static ProducerRecord<byte[], byte[]> record(ErrorHandlerContext context, byte[] key, byte[] value,
            Throwable error) {
        return new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, null, key, value,
                headers(context.headers(), context.topic(), context.partition(), context.offset(), error));
    }

    public static String message(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return message.length() <= MAX_MESSAGE_LENGTH ? message : message.substring(0, MAX_MESSAGE_LENGTH) + "...";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
