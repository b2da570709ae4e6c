package io.ledgerline.command.processing;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.avro.result.CommandResult;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.mapping.OutcomeMapper;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.LedgerCommand;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.saga.StepAnswer;
import io.ledgerline.streams.DeadLetters;
import io.ledgerline.streams.PoisonRecordException;
import io.ledgerline.streams.RecordDecoder;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one command record, all inside the stream task's exactly-once transaction: decode, dedupe by command
 * id, decide against the aggregate's stored state, then store the new state, remember the outcome, append the events
 * and publish the outcome. A record that is not a command is dead-lettered instead. An event that answers a saga
 * step is also written to {@code ledger.transfer-answers}, keyed by its transfer id, so the saga reads it on the
 * task that owns the transfer without a repartition (ADR 0035).
 *
 * <p>Everything that can fail for reasons of the record itself (decoding, mapping, deciding, encoding the outputs)
 * happens before the first write, so a failure never leaves half a command behind: either the exception handlers
 * dead-letter the record with nothing else written, or (infrastructure, an unreachable registry) the transaction is
 * aborted and the record is processed again.
 */
final class CommandProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);

    private final RecordDecoder<CommandEnvelope> decoder;
    private final Serializer<SpecificRecord> events;
    private final Serializer<CommandResult> results;
    private final Duration retention;
    private final List<AggregateStore<?>> aggregates;
    private ProcessorContext<byte[], byte[]> context;
    private WindowStore<String, StoredOutcome> outcomes;

    CommandProcessor(RecordDecoder<CommandEnvelope> decoder, Serializer<SpecificRecord> events, Serializer<CommandResult> results,
            Duration retention, List<AggregateStore<?>> aggregates) {
        this.decoder = decoder;
        this.events = events;
        this.results = results;
        this.retention = retention;
        this.aggregates = aggregates;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.outcomes = context.getStateStore(CommandProcessorTopology.OUTCOMES_STORE);
        aggregates.forEach(aggregate -> aggregate.init(context));
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        CommandEnvelope envelope;
        try {
            envelope = decoder.decode(source.topic(), record.value());
        } catch (PoisonRecordException e) {
            deadLetter(record, source, e.reason());
            return;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!Objects.equals(key, envelope.command().aggregateId())) {
            // Another task may own this aggregate, so deciding here would make two writers; and an outcome published
            // here could contradict the one the owning partition publishes for the same command id.
            deadLetter(record, source, new PoisonRecordException("the record key "
                    + (key == null ? "is missing" : "'" + key + "'") + " but a command's key must be its aggregate id '"
                    + envelope.command().aggregateId() + "'"));
            return;
        }
        String commandId = envelope.meta().commandId();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        byte[] fingerprint = Fingerprint.of(envelope);
        StoredOutcome earlier = remembered(commandId, record.timestamp());
        if (earlier != null) {
            String duplicate = earlier.sameCommandAs(fingerprint)
                    ? LedgerHeaders.DUPLICATE_SAME : LedgerHeaders.DUPLICATE_DIFFERENT;
            context.forward(result(earlier.outcome(), record.headers(), now, duplicate),
                    CommandProcessorTopology.RESULTS_SINK);
            return;
        }
        AggregateStore.Decided<?> decided = aggregateFor(envelope.command()).decide(envelope);
        CommandOutcome outcome = processedAt(decided.handled().outcome(), now);
        List<Record<byte[], byte[]>> appended = new ArrayList<>(decided.handled().events().size());
        List<Record<byte[], byte[]>> answers = new ArrayList<>(1);
        for (EventEnvelope event : decided.handled().events()) {
            Record<byte[], byte[]> written = event(event, record.headers(), commandId, now);
            appended.add(written);
            answeredTransfer(event.event()).ifPresent(transferId -> answers.add(answer(written, transferId)));
        }
        Record<byte[], byte[]> published = result(outcome, record.headers(), now, null);
        // Writes start here; nothing above wrote anything.
        decided.store();
        outcomes.put(commandId, new StoredOutcome(fingerprint, outcome, published.value()), record.timestamp());
        appended.forEach(event -> context.forward(event, CommandProcessorTopology.EVENTS_SINK));
        answers.forEach(answer -> context.forward(answer, CommandProcessorTopology.ANSWERS_SINK));
        context.forward(published, CommandProcessorTopology.RESULTS_SINK);
    }

    /** The outcome stored for {@code commandId} within the retention before {@code timestamp}, if any. */
    private StoredOutcome remembered(String commandId, long timestamp) {
        // The long overload: the Instant one formats an error message prefix on every call.
        long from = Math.max(0, timestamp - retention.toMillis());
        try (WindowStoreIterator<StoredOutcome> found = outcomes.backwardFetch(commandId, from, Long.MAX_VALUE)) {
            return found.hasNext() ? found.next().value : null;
        }
    }

    private AggregateStore<?> aggregateFor(LedgerCommand command) {
        for (AggregateStore<?> aggregate : aggregates) {
            if (aggregate.handles(command)) {
                return aggregate;
            }
        }
        throw new IllegalStateException("no aggregate handles " + command.getClass().getName());
    }

    private Record<byte[], byte[]> event(EventEnvelope event, Headers command, String commandId, Instant now) {
        String topic = Topics.EVENTS.name();
        byte[] key = Topics.EVENTS.keySerde().serializer().serialize(topic, event.event().aggregateId());
        byte[] value = events.serialize(topic, EventMapper.toAvro(event));
        return new Record<>(key, value, now.toEpochMilli(), outputHeaders(command, commandId, false, null));
    }

    /** The transfer whose saga step {@code event} answers, or empty (ADR 0035). */
    private static Optional<String> answeredTransfer(LedgerEvent event) {
        return event instanceof AccountEvent accountEvent
                ? StepAnswer.of(accountEvent).map(StepAnswer::transferId) : Optional.empty();
    }

    /** The event as written to {@code ledger.events}, bytes and headers, keyed by its transfer id instead. */
    private static Record<byte[], byte[]> answer(Record<byte[], byte[]> event, String transferId) {
        byte[] key = Topics.TRANSFER_ANSWERS.keySerde().serializer()
                .serialize(Topics.TRANSFER_ANSWERS.name(), transferId);
        return new Record<>(key, event.value(), event.timestamp(), new RecordHeaders(event.headers().toArray()));
    }

    private Record<byte[], byte[]> result(CommandOutcome outcome, Headers command, Instant now, String duplicate) {
        String topic = Topics.COMMAND_RESULTS.name();
        byte[] key = Topics.COMMAND_RESULTS.keySerde().serializer().serialize(topic, outcome.commandId());
        byte[] value = results.serialize(topic, OutcomeMapper.toAvro(outcome));
        return new Record<>(key, value, now.toEpochMilli(),
                outputHeaders(command, outcome.commandId(), true, duplicate));
    }

    /**
     * Headers of an event or result: the command id, the correlation id the command carried (else the command id),
     * the command as the causation, and the actor and trace context copied; results also get the command's
     * {@code reply-to} and, when re-emitted for a repeat, {@code duplicate}.
     */
    private static Headers outputHeaders(Headers command, String commandId, boolean isResult, String duplicate) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(LedgerHeaders.COMMAND_ID, utf8(commandId));
        Header correlation = command.lastHeader(LedgerHeaders.CORRELATION_ID);
        headers.add(LedgerHeaders.CORRELATION_ID, correlation != null ? correlation.value() : utf8(commandId));
        headers.add(LedgerHeaders.CAUSATION_ID, utf8(commandId));
        copy(command, headers, LedgerHeaders.ACTOR);
        copy(command, headers, LedgerHeaders.TRACEPARENT);
        if (isResult) {
            copy(command, headers, LedgerHeaders.REPLY_TO);
        }
        if (duplicate != null) {
            headers.add(LedgerHeaders.DUPLICATE, utf8(duplicate));
        }
        return headers;
    }

    private void deadLetter(Record<byte[], byte[]> record, RecordMetadata source, Throwable reason) {
        LOG.warn("dead-lettering {}-{}@{}: {}", source.topic(), source.partition(), source.offset(),
                DeadLetters.message(reason));
        Headers headers = DeadLetters.headers(record.headers(), source.topic(), source.partition(), source.offset(),
                reason);
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers),
                CommandProcessorTopology.DEAD_LETTER_SINK);
    }

    private static CommandOutcome processedAt(CommandOutcome o, Instant now) {
        return new CommandOutcome(o.commandId(), o.commandType(), o.aggregateId(), o.code(), o.message(),
                o.version(), o.eventCount(), now);
    }

    private static void copy(Headers from, Headers to, String name) {
        Header header = from.lastHeader(name);
        if (header != null) {
            to.add(name, header.value());
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
