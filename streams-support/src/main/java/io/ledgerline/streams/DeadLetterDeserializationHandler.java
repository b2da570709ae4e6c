package io.ledgerline.streams;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams' {@code deserialization.exception.handler}. Sources that read raw bytes and decode in the processor
 * never get here; this is the safety net for a source with a deserializer: the record goes to {@code ledger.dlq} and
 * processing resumes, unless the failure is transient (an unreachable registry), which fails the task to retry.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        if (Failures.isTransient(exception)) {
            LOG.error("transient failure deserializing {}-{}@{}; failing the task so the record is retried",
                    record.topic(), record.partition(), record.offset(), exception);
            return Response.fail();
        }
        LOG.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                DeadLetters.message(exception));
        return Response.resume(List.of(DeadLetters.record(context, record.key(), record.value(), exception)));
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
