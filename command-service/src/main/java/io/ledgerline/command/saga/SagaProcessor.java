package io.ledgerline.command.saga;

import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.saga.SagaResult;
import io.ledgerline.saga.SagaState;
import io.ledgerline.saga.TransferSaga;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the pure {@link TransferSaga} for the transfers of one task, inside the task's exactly-once transaction:
 * per event, {@code react} with the stored state and the wall clock, then store the new state (and its deadline,
 * status and STUCK indexes) and write the commands to {@code ledger.commands}; on a wall-clock punctuation,
 * {@code tick} every transfer whose deadline has passed.
 *
 * <p>Until {@code caughtUp} says the saga has read {@code ledger.events} up to the end offsets seen at start
 * ({@link CatchUp}), states are folded and stored but no command is written and nothing is ticked: a saga rebuilt
 * from the log would otherwise re-send steps of transfers settled long ago, which is only safe while the command
 * processor still remembers their ids (ADR 0008, ADR 0010). Transfers still in flight once it has caught up are
 * re-sent by their next tick.
 */
final class SagaProcessor implements Processor<String, byte[], byte[], byte[]> {

    /** The {@code actor} header of every command the saga writes. */
    static final String ACTOR = "ledgerline-transfer-saga";

    private static final Logger LOG = LoggerFactory.getLogger(SagaProcessor.class);

    private final TransferSaga saga;
    private final EventDecoder decoder;
    private final Serializer<SpecificRecord> commands;
    private final Duration tickInterval;
    private final int maxTicksPerPunctuation;
    private final BooleanSupplier caughtUp;
    private final SagaCounters counters;
    private ProcessorContext<byte[], byte[]> context;
    private SagaStores stores;

    SagaProcessor(TransferSaga saga, EventDecoder decoder, Serializer<SpecificRecord> commands,
            Duration tickInterval, int maxTicksPerPunctuation, BooleanSupplier caughtUp, SagaCounters counters) {
        this.saga = saga;
        this.decoder = decoder;
        this.commands = commands;
        this.tickInterval = tickInterval;
        this.maxTicksPerPunctuation = maxTicksPerPunctuation;
        this.caughtUp = caughtUp;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.stores = new SagaStores(context);
        context.schedule(tickInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        EventEnvelope event = decoder.decode(Topics.EVENTS.name(), record.value());
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        String transferId = record.key();
        StoredSaga before = stores.get(transferId);
        SagaState state = before == null ? saga.initialState() : before.state();
        SagaResult result = saga.react(state, event.event(), now);
        if (before != null && result.state().equals(state) && result.commands().isEmpty()) {
            return;
        }
        String correlationId = before != null ? before.correlationId()
                : headerOr(record, LedgerHeaders.CORRELATION_ID, transferId);
        // Encoded before anything is written: a command that cannot be encoded leaves no state behind.
        List<Record<byte[], byte[]>> out = encode(result, correlationId, event.meta().eventId(), now);
        stores.save(transferId, before, new StoredSaga(result.state(), correlationId));
        if (result.state() instanceof SagaState.Stuck && !(state instanceof SagaState.Stuck)) {
            counters.countStuck();
        }
        send(out);
    }

    /** Ticks the transfers whose deadline has passed: each re-sends its step or becomes STUCK. */
    private void tick(long wallClockMs) {
        if (!caughtUp.getAsBoolean()) {
            return;
        }
        Instant now = Instant.ofEpochMilli(wallClockMs);
        for (String transferId : stores.due(now, maxTicksPerPunctuation)) {
            StoredSaga before = stores.get(transferId);
            SagaResult result = saga.tick(before.state(), now);
            // A deadline re-send is caused by the deadline, not by an event: its causation is the command itself.
            List<Record<byte[], byte[]>> out = encode(result, before.correlationId(), null, now);
            stores.save(transferId, before, new StoredSaga(result.state(), before.correlationId()));
            counters.countResent(out.size());
            if (result.state() instanceof SagaState.Stuck && !(before.state() instanceof SagaState.Stuck)) {
                counters.countStuck();
            }
            send(out);
        }
    }

    private void send(List<Record<byte[], byte[]>> out) {
        if (out.isEmpty()) {
            return;
        }
        if (!caughtUp.getAsBoolean()) {
            LOG.debug("catching up with ledger.events: {} command(s) not written; their steps are re-sent by the tick",
                    out.size());
            return;
        }
        out.forEach(context::forward);
    }

    private List<Record<byte[], byte[]>> encode(SagaResult result, String correlationId, String causationId,
            Instant now) {
        List<Record<byte[], byte[]>> out = new ArrayList<>(result.commands().size());
        for (CommandEnvelope command : result.commands()) {
            out.add(command(command, correlationId, causationId, now));
        }
        return out;
    }

    /** The command as the gateway writes one: key = aggregate id, Confluent wire format, the ledger headers. */
    private Record<byte[], byte[]> command(CommandEnvelope envelope, String correlationId, String causationId,
            Instant now) {
        String topic = Topics.COMMANDS.name();
        String commandId = envelope.meta().commandId();
        byte[] key = Topics.COMMANDS.keySerde().serializer().serialize(topic, envelope.command().aggregateId());
        byte[] value = commands.serialize(topic, CommandMapper.toAvro(envelope));
        RecordHeaders headers = new RecordHeaders();
        headers.add(LedgerHeaders.COMMAND_ID, utf8(commandId));
        headers.add(LedgerHeaders.CORRELATION_ID, utf8(correlationId));
        headers.add(LedgerHeaders.CAUSATION_ID, utf8(causationId != null ? causationId : commandId));
        headers.add(LedgerHeaders.ACTOR, utf8(ACTOR));
        return new Record<>(key, value, now.toEpochMilli(), headers);
    }

    private static String headerOr(Record<?, ?> record, String name, String fallback) {
        Header header = record.headers().lastHeader(name);
        return header == null ? fallback : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
