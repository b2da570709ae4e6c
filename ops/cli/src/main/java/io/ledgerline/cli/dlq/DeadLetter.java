package io.ledgerline.cli.dlq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.cli.kafka.RecordJson;
import io.ledgerline.topics.LedgerHeaders;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** A record of the dead-letter topic read through its {@code dlq-*} headers (ADR 0006). */
record DeadLetter(ConsumerRecord<byte[], byte[]> record) {

    /** {@code <dlq topic>:<partition>:<offset>}: how the redrive log and the redriven-from header name it. */
    String id() {
        return record.topic() + ":" + record.partition() + ":" + record.offset();
    }

    String position() {
        return record.partition() + ":" + record.offset();
    }

    Optional<String> sourceTopic() {
        return header(LedgerHeaders.DLQ_TOPIC);
    }

    Optional<Integer> sourcePartition() {
        return header(LedgerHeaders.DLQ_PARTITION).flatMap(DeadLetter::integer);
    }

    String reason() {
        return header(LedgerHeaders.DLQ_ERROR_CLASS).orElse("(no dlq-error-class)") + ": "
                + header(LedgerHeaders.DLQ_ERROR_MESSAGE).orElse("(no dlq-error-message)");
    }

    /** Whether the text occurs (any case) in the source topic, the key, the error class or the message. */
    boolean matches(String filter) {
        String wanted = filter.toLowerCase(Locale.ROOT);
        return Stream.of(sourceTopic().orElse(""), RecordJson.utf8(record.key()), reason())
                .anyMatch(text -> text != null && text.toLowerCase(Locale.ROOT).contains(wanted));
    }

    ObjectNode summary(boolean redriven) {
        ObjectNode object = RecordJson.position(record);
        ObjectNode source = object.putObject("source");
        source.put("topic", sourceTopic().orElse(null));
        source.put("partition", header(LedgerHeaders.DLQ_PARTITION).orElse(null));
        source.put("offset", header(LedgerHeaders.DLQ_OFFSET).orElse(null));
        object.put("errorClass", header(LedgerHeaders.DLQ_ERROR_CLASS).orElse(null));
        object.put("errorMessage", header(LedgerHeaders.DLQ_ERROR_MESSAGE).orElse(null));
        object.put("redriven", redriven);
        return object;
    }

    String summaryText(boolean redriven) {
        return position() + " " + Instant.ofEpochMilli(record.timestamp()) + " from "
                + sourceTopic().orElse("?") + "-" + header(LedgerHeaders.DLQ_PARTITION).orElse("?") + "@"
                + header(LedgerHeaders.DLQ_OFFSET).orElse("?") + " key=" + RecordJson.utf8(record.key())
                + (redriven ? " [redriven]" : "") + " " + reason();
    }

    Optional<String> header(String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(RecordJson.utf8(header.value()));
    }

    private static Optional<Integer> integer(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
