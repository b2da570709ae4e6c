package io.ledgerline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.registry.SchemaRegistryException;
import io.ledgerline.serde.WireFormatException;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** The Streams exception handlers: dead-letter what the record causes, fail (to retry) what the moment causes. */
class ExceptionHandlersTest {

    private static final byte[] KEY = utf8("acc-1");
    private static final byte[] VALUE = {0, 0, 0, 0, 1, 2};
    private final Record<byte[], byte[]> record = new Record<>(KEY, VALUE, 0L);

    @Test
    void aProcessingBugDeadLettersTheSourceRecordAndResumes() {
        ProcessingExceptionHandler.Response response = new DeadLetterProcessingHandler()
                .handleError(context(), record, new IllegalStateException("corrupt log"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> letter = response.deadLetterQueueRecords().get(0);
        assertThat(letter.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
        assertThat(letter.key()).isEqualTo(KEY);
        assertThat(letter.value()).isEqualTo(VALUE);
        assertThat(header(letter.headers(), LedgerHeaders.DLQ_TOPIC)).isEqualTo("ledger.commands");
        assertThat(header(letter.headers(), LedgerHeaders.DLQ_PARTITION)).isEqualTo("3");
        assertThat(header(letter.headers(), LedgerHeaders.DLQ_OFFSET)).isEqualTo("1234");
        assertThat(header(letter.headers(), LedgerHeaders.DLQ_ERROR_CLASS))
                .isEqualTo(IllegalStateException.class.getName());
        assertThat(header(letter.headers(), LedgerHeaders.DLQ_ERROR_MESSAGE)).isEqualTo("corrupt log");
        assertThat(header(letter.headers(), LedgerHeaders.COMMAND_ID)).isEqualTo("c-9");
    }

    @Test
    void aStoredStateThatCannotBeReadDeadLettersTheCommandEvenWhenStreamsWrapsIt() {
        Exception wrapped = new org.apache.kafka.streams.errors.StreamsException("store failed",
                new StateCodecException("aggregate state in format 7"));
        ProcessingExceptionHandler.Response response =
                new DeadLetterProcessingHandler().handleError(context(), record, wrapped);
        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
    }

    @Test
    void anUnreachableRegistryOrABrokerFailureFailsWithoutADeadLetter() {
        SerializationException registryDown = new SerializationException("cannot fetch schema id 3",
                new SchemaRegistryException(503, SchemaRegistryException.UNAVAILABLE, "down"));
        for (Exception transientFailure : new Exception[] {registryDown,
                new org.apache.kafka.streams.errors.StreamsException("send failed")}) {
            ProcessingExceptionHandler.Response response =
                    new DeadLetterProcessingHandler().handleError(context(), record, transientFailure);
            assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
            assertThat(response.deadLetterQueueRecords()).isEmpty();
        }
    }

    @Test
    void undecodableBytesAreDeadLetteredByTheDeserializationHandler() {
        ConsumerRecord<byte[], byte[]> raw = new ConsumerRecord<>("ledger.commands", 3, 1234L, KEY, VALUE);
        DeserializationExceptionHandler.Response response = new DeadLetterDeserializationHandler().handleError(
                context(), raw, new WireFormatException(WireFormatException.Reason.TRUNCATED, "ledger.commands",
                        "cut short", null));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement()
                .satisfies(letter -> assertThat(letter.value()).isEqualTo(VALUE));
        assertThat(new DeadLetterDeserializationHandler().handleError(context(), raw,
                new SerializationException("registry down")).result())
                .isEqualTo(DeserializationExceptionHandler.Result.FAIL);
    }

    @Test
    void aRefusedSendFailsSoTheTransactionIsAbortedWhole() {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>("ledger.events", KEY, VALUE);
        assertThat(new DeadLetterProductionHandler().handleError(context(), out,
                new RecordTooLargeException("too large")).result())
                .isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }

    @Test
    void anOutputThatCannotBeSerializedDeadLettersTheSource() {
        ProducerRecord<Object, Object> out = new ProducerRecord<>("ledger.events", "acc-1", new Object());
        ProductionExceptionHandler.Response response = new DeadLetterProductionHandler().handleSerializationError(
                context(), out, new IllegalArgumentException("no mapping"),
                ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);
        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement()
                .satisfies(letter -> assertThat(letter.value()).isEqualTo(VALUE));
    }

    @Test
    void aDeadThreadIsReplacedAndCounted() {
        ReplaceThreadHandler handler = new ReplaceThreadHandler();
        assertThat(handler.handle(new RuntimeException("boom")))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(handler.replacements()).isEqualTo(1);
    }

    @Test
    void anEarlierDeadLettersHeadersAreReplacedAndLongMessagesCut() {
        Headers original = new RecordHeaders();
        original.add(LedgerHeaders.DLQ_ERROR_CLASS, utf8("Old"));
        Headers headers = DeadLetters.headers(original, "ledger.commands", 0, 1,
                new RuntimeException("x".repeat(5000)));
        assertThat(headers.headers(LedgerHeaders.DLQ_ERROR_CLASS)).hasSize(1);
        assertThat(header(headers, LedgerHeaders.DLQ_ERROR_MESSAGE)).hasSize(DeadLetters.MAX_MESSAGE_LENGTH + 3);
    }

    private static ErrorHandlerContext context() {
        Headers headers = new RecordHeaders();
        headers.add(LedgerHeaders.COMMAND_ID, utf8("c-9"));
        return new ErrorHandlerContext() {
            @Override public String topic() { return "ledger.commands"; }
            @Override public int partition() { return 3; }
            @Override public long offset() { return 1234L; }
            @Override public Headers headers() { return headers; }
            @Override public String processorNodeId() { return "process-command"; }
            @Override public TaskId taskId() { return new TaskId(0, 3); }
            @Override public long timestamp() { return 0L; }
            @Override public byte[] sourceRawKey() { return KEY; }
            @Override public byte[] sourceRawValue() { return VALUE; }
        };
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
