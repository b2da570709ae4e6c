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
import java.util.function.Supplier;
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
 * per event, {@code react} with the stored state and the wall clock, then store the new state (with its time index
 * entry and status count in the same store, ADR 0049, and its STUCK index) and write the commands to
 * {@code ledger.commands}; per operator's instruction,
 * {@code retry}; on a wall-clock punctuation, {@code tick} every transfer whose deadline has passed (once the
 * pipeline is flushed past it) and delete the settled sagas whose retention has ended (ADR 0032).
 *
 * <p>Until {@code caughtUp} says the saga has read {@code ledger.events} up to the end offsets seen at start
 * ({@link CatchUp}), states are folded and stored but no command is written and nothing is ticked: a saga rebuilt
 * from the log would otherwise re-send steps of transfers settled long ago, which is only safe while the command
 * processor still remembers their ids (ADR 0008, ADR 0010). Transfers still in flight once it has caught up are
 * re-sent by their next tick.
 */
final class SagaProcessor implements Processor<String, SagaInput, byte[], byte[]> {

    /** The {@code actor} header of every command the saga writes. */
    static final String ACTOR = "ledgerline-transfer-saga";

    /**
     * Sagas of a store in the former format indexed and counted per punctuation (ADR 0049): ~10–50 ms of the thread
     * at 2–10 µs each, so a migration holds no transaction long and lets the task work between slices.
     */
    static final int MIGRATION_SLICE = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(SagaProcessor.class);

    private final TransferSaga saga;
    private final Serializer<SpecificRecord> commands;
    private final Duration tickInterval;
    private final int maxTicksPerPunctuation;
    private final BooleanSupplier caughtUp;
    private final Supplier<Instant> flushedUpTo;
    private final Duration retention;
    private final SagaCounters counters;
    private ProcessorContext<byte[], byte[]> context;
    private SagaStores stores;

    SagaProcessor(TransferSaga saga, Serializer<SpecificRecord> commands,
            Duration tickInterval, int maxTicksPerPunctuation, BooleanSupplier caughtUp, Supplier<Instant> flushedUpTo,
            Duration retention, SagaCounters counters) {
        this.saga = saga;
        this.commands = commands;
        this.tickInterval = tickInterval;
        this.maxTicksPerPunctuation = maxTicksPerPunctuation;
        this.caughtUp = caughtUp;
        this.flushedUpTo = flushedUpTo;
        this.retention = retention;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.stores = new SagaStores(context, counters);
        stores.migrate(MIGRATION_SLICE);
        context.schedule(tickInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void close() {
        if (stores != null) {
            stores.close();
        }
    }

    @Override
    public void process(Record<String, SagaInput> record) {
        if (record.value() instanceof SagaInput.Instruction instruction) {
            instruct(record.key(), instruction.instruction());
            return;
        }
        EventEnvelope event = ((SagaInput.Event) record.value()).envelope();
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
        // A saga's retention runs from the event that settled it (a saga rebuilt from the log forgets old transfers
        // at once), never from later than now.
        Instant eventTime = Instant.ofEpochMilli(Math.min(record.timestamp(), now.toEpochMilli()));
        stores.save(transferId, before, stored(before, result.state(), correlationId, eventTime));
        if (result.state() instanceof SagaState.Stuck && !(state instanceof SagaState.Stuck)) {
            counters.countStuck();
        }
        send(out);
    }

    /** An operator's instruction for one transfer; one that finds nothing to act on is logged and changes nothing. */
    private void instruct(String transferId, SagaInstruction instruction) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        StoredSaga before = stores.get(transferId);
        SagaResult result = before == null ? null : saga.retry(before.state(), now);
        if (result == null || result.commands().isEmpty()) {
            LOG.warn("Saga instruction {} for transfer {} ignored: its saga is {}; only a transfer STUCK on "
                    + "NO_ANSWER is retried", instruction, transferId,
                    before == null ? "unknown here (never seen, or deleted after its retention)"
                            : before.state().status());
            return;
        }
        // Like a deadline re-send, the retry's causation is the command itself.
        List<Record<byte[], byte[]>> out = encode(result, before.correlationId(), null, now);
        stores.save(transferId, before, stored(before, result.state(), before.correlationId(), now));
        counters.countRetried();
        LOG.info("Transfer {} retried by an operator: {} re-sent as {}", transferId,
                ((SagaState.Running) result.state()).outstanding().step(),
                result.commands().get(0).meta().commandId());
        send(out);
    }

    /**
     * Ticks the transfers whose time has come: each re-sends its step or becomes STUCK, or, resting past its
     * retention, is deleted. Deadlines wait while what was sent before them may still be queued in the pipeline
     * ({@code flushedUpTo}, ADR 0032), so a backlog does not set off re-sends of steps whose answers are on the way.
     */
    private void tick(long wallClockMs) {
        stores.migrate(MIGRATION_SLICE);
        if (!caughtUp.getAsBoolean()) {
            return;
        }
        Instant now = Instant.ofEpochMilli(wallClockMs);
        Instant flushed = flushedUpTo.get();
        Instant bound = flushed.isBefore(now) ? flushed : now;
        for (String transferId : stores.due(bound, maxTicksPerPunctuation)) {
            StoredSaga before = stores.get(transferId);
            if (!(before.state() instanceof SagaState.Running)) {
                forget(transferId, before);
                continue;
            }
            SagaResult result = saga.tick(before.state(), now);
            // A deadline re-send is caused by the deadline, not by an event: its causation is the command itself.
            List<Record<byte[], byte[]>> out = encode(result, before.correlationId(), null, now);
            stores.save(transferId, before, stored(before, result.state(), before.correlationId(), now));
            counters.countResent(out.size());
            if (result.state() instanceof SagaState.Stuck && !(before.state() instanceof SagaState.Stuck)) {
                counters.countStuck();
            }
            send(out);
        }
    }

    private void forget(String transferId, StoredSaga resting) {
        stores.forget(transferId, resting);
        counters.countExpired();
        if (resting.state() instanceof SagaState.NotStarted orphan && !orphan.progress().effects().isEmpty()) {
            // Answers whose request never came, or came to a saga already deleted: nothing is done on a guess.
            counters.countOrphaned();
            LOG.warn("Transfer {}: account effects {} were recorded but no saga knows the transfer (its request "
                    + "never arrived, or it was deleted after its retention); deleting them unacted on",
                    transferId, orphan.progress().effects());
        }
    }

    /** What to store: a resting saga keeps the expiry it got when it came to rest; a new rest starts a new one. */
    private StoredSaga stored(StoredSaga before, SagaState state, String correlationId, Instant from) {
        if (!StoredSaga.resting(state)) {
            return new StoredSaga(state, correlationId);
        }
        boolean sameRest = before != null && before.expiresAt() != null
                && before.state().status() == state.status();
        return new StoredSaga(state, correlationId, sameRest ? before.expiresAt() : from.plus(retention));
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
