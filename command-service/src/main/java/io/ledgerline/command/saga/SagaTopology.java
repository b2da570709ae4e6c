package io.ledgerline.command.saga;

import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.saga.TransferSaga;
import io.ledgerline.streams.CappedTimestampExtractor;
import io.ledgerline.streams.RecordDecoder;
import io.ledgerline.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The transfer saga (ADR 0008, ADR 0010, ADR 0032, ADR 0035, ADR 0049): the transfers' events from {@code ledger.events}, the
 * accounts' answers from {@code ledger.transfer-answers} and operators' instructions from {@code ledger.saga-control}
 * in, all keyed by transfer id and co-partitioned (no repartition), the pure {@link TransferSaga}
 * driven per event, per instruction and per wall-clock deadline, commands out to {@code ledger.commands}.
 * Undecodable events go to {@code ledger.dlq} through the processing exception handler. Run it with
 * {@link SagaStreamsConfig#streamsProperties()} (exactly-once v2), or start both with {@link SagaStreams#start}.
 */
public final class SagaTopology {

    public static final String SAGAS_STORE = "transfer-sagas";
    public static final String STUCK_STORE = "transfer-saga-stuck";
    /** The saga's input topics, keyed by transfer id; they must have one partition count (ADR 0035). */
    public static final List<String> INPUTS = List.of(Topics.EVENTS.name(), Topics.TRANSFER_ANSWERS.name(),
            Topics.SAGA_CONTROL.name());

    private SagaTopology() {
    }

    /** The topology with a registry client built from the configuration. */
    public static Topology build(SagaStreamsConfig config, BooleanSupplier caughtUp, Supplier<Instant> flushedUpTo,
            SagaCounters counters) {
        return build(config, SchemaRegistryClients.create(config.schemaRegistryUrl(), config.registryClient()),
                caughtUp, flushedUpTo, counters);
    }

    /**
     * The topology reading and writing schemas through {@code registry}; it writes no command while
     * {@code caughtUp} is false ({@link CatchUp}), fires no deadline later than {@code flushedUpTo}
     * ({@link PipelineWatch}), and counts what it does in {@code counters}.
     */
    public static Topology build(SagaStreamsConfig config, SchemaRegistryClient registry, BooleanSupplier caughtUp,
            Supplier<Instant> flushedUpTo, SagaCounters counters) {
        RecordDecoder<EventEnvelope> events = new RecordDecoder<>("an event",
                Topics.EVENTS.valueSerde(registry, false).deserializer(), EventMapper::fromAvro);
        var commands = Topics.COMMANDS.valueSerde(registry, config.autoRegister()).serializer();
        TransferSaga saga = new TransferSaga(config.saga());
        StreamsBuilder builder = new StreamsBuilder();
        // Two stores, written together by SagaStores in the task's transaction. The saga store also holds the time
        // index and the status counts under keys of their own (SagaKeys, ADR 0049): one changelog partition for the
        // three. No caching: a saga's key changes at most once a commit, so a cache would only copy.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SAGAS_STORE),
                Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STUCK_STORE),
                Serdes.String(), Serdes.ByteArray()));
        // Raw bytes in, so a record that cannot be read is dead-lettered byte for byte. The three inputs are keyed by
        // transfer id and co-partitioned (CoPartitioning checks it at start): one task reads all of a transfer's.
        // The transfers' own events from the log (its accounts' events are keyed by account and skipped) ...
        KStream<String, SagaInput> transfers = source(builder, Topics.EVENTS.name())
                .process(() -> TransferSelector.transferEvents(events),
                        Named.as("transfer-saga-select"));
        // ... the accounts' answers, which the command processor also writes keyed by transfer id (ADR 0035) ...
        KStream<String, SagaInput> answers = source(builder, Topics.TRANSFER_ANSWERS.name())
                .process(() -> TransferSelector.answers(events),
                        Named.as("transfer-saga-answers"));
        // ... and operators' instructions (retry a STUCK step).
        KStream<String, SagaInput> instructions = source(builder, Topics.SAGA_CONTROL.name())
                .process(InstructionSelector::new, Named.as("transfer-saga-instructions"));
        transfers.merge(answers, Named.as("transfer-saga-events"))
                .merge(instructions, Named.as("transfer-saga-inputs"))
                // React per event or instruction, tick per deadline or expiry; commands already encoded.
                .process(() -> new SagaProcessor(saga, commands, config.tickInterval(), config.maxTicksPerRound(),
                                caughtUp, flushedUpTo, config.retention(), counters), Named.as("transfer-saga"),
                        SAGAS_STORE, STUCK_STORE)
                .to(Topics.COMMANDS.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }

    private static KStream<byte[], byte[]> source(StreamsBuilder builder, String topic) {
        return builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                .withTimestampExtractor(new CappedTimestampExtractor())
                .withOffsetResetPolicy(AutoOffsetReset.earliest()));
    }
}
