package io.ledgerline.streams;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams' {@code processing.exception.handler}: an exception the processor did not handle itself. A transient one
 * ({@link Failures#isTransient}) fails the stream thread, so its transaction is aborted and, once the thread is
 * replaced ({@link ReplaceThreadHandler}), the record is processed again; any other is the record's fault and the
 * record goes, byte for byte, to {@code ledger.dlq} in the same transaction.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (Failures.isTransient(exception)) {
            LOG.error("transient failure processing {}-{}@{}; failing the task so the record is retried",
                    context.topic(), context.partition(), context.offset(), exception);
            return Response.fail();
        }
        LOG.error("dead-lettering {}-{}@{} after a processing failure", context.topic(), context.partition(),
                context.offset(), exception);
        return Response.resume(List.of(DeadLetters.record(context, context.sourceRawKey(), context.sourceRawValue(),
                exception)));
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
