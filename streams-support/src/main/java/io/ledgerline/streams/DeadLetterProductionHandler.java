package io.ledgerline.streams;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams' {@code production.exception.handler}.
 * <ul>
 *   <li>A record that cannot be serialized: the source record is dead-lettered and processing resumes. The
 *       processor's sinks take bytes it has already encoded, so this guards only outputs added later.</li>
 *   <li>A record the broker refuses: fail. Under exactly-once a failed send poisons the whole transaction, so
 *       resuming would commit a command with some of its events missing; failing aborts the transaction, and the
 *       record is retried by a replacement thread. Outputs are bounded by the domain's field limits, far below
 *       the broker's record size limit, so a refusal is not a property of one record.</li>
 * </ul>
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
            Exception exception) {
        LOG.error("cannot write to {} while processing {}-{}@{}; failing the task so the transaction is aborted",
                record.topic(), context.topic(), context.partition(), context.offset(), exception);
        return Response.fail();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
            SerializationExceptionOrigin origin) {
        if (Failures.isTransient(exception)) {
            LOG.error("transient failure serializing the {} of a record for {}; failing the task", origin,
                    record.topic(), exception);
            return Response.fail();
        }
        LOG.error("dead-lettering {}-{}@{}: its output to {} cannot be serialized", context.topic(),
                context.partition(), context.offset(), record.topic(), exception);
        return Response.resume(List.of(DeadLetters.record(context, context.sourceRawKey(), context.sourceRawValue(),
                exception)));
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
