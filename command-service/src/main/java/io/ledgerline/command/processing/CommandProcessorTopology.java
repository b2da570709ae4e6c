package io.ledgerline.command.processing;

import io.ledgerline.account.AccountDecider;
import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.streams.CappedTimestampExtractor;
import io.ledgerline.streams.RecordDecoder;
import io.ledgerline.topics.Topics;
import io.ledgerline.transfer.TransferDecider;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The command processor: {@code ledger.commands} in; {@code ledger.events}, {@code ledger.transfer-answers} (the
 * saga steps' answers again, keyed by transfer id: ADR 0035), {@code ledger.command-results} and {@code ledger.dlq}
 * out; the aggregates' states and the remembered outcomes in local stores backed by changelogs.
 * Run it with {@link CommandProcessorConfig#streamsProperties()} (exactly-once v2), or start both with
 * {@link CommandProcessorStreams#create}.
 */
public final class CommandProcessorTopology {

    public static final String ACCOUNTS_STORE = "accounts";
    public static final String TRANSFERS_STORE = "transfers";
    public static final String OUTCOMES_STORE = "command-outcomes";

    static final String SOURCE = "commands";
    static final String PROCESSOR = "command-processor";
    static final String EVENTS_SINK = "events";
    static final String ANSWERS_SINK = "transfer-answers";
    static final String RESULTS_SINK = "command-results";
    static final String DEAD_LETTER_SINK = "dead-letters";

    private CommandProcessorTopology() {
    }

    /** The topology with a registry client built from the configuration. */
    public static Topology build(CommandProcessorConfig config) {
        return build(config, SchemaRegistryClients.create(config.schemaRegistryUrl(), config.registryClient()));
    }

    /** The topology reading and writing schemas through {@code registry}. */
    public static Topology build(CommandProcessorConfig config, SchemaRegistryClient registry) {
        RecordDecoder<CommandEnvelope> decoder = new RecordDecoder<>("a command",
                Topics.COMMANDS.valueSerde(registry, false).deserializer(), CommandMapper::fromAvro);
        var events = Topics.EVENTS.valueSerde(registry, config.autoRegister()).serializer();
        var results = Topics.COMMAND_RESULTS.valueSerde(registry, config.autoRegister()).serializer();
        return new Topology()
                // Commands as raw bytes (key too), so a record that cannot be read is dead-lettered byte for byte.
                .addSource(AutoOffsetReset.earliest(), SOURCE, new CappedTimestampExtractor(),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer(), Topics.COMMANDS.name())
                // Decode, dedupe, decide, store, and emit events, the outcome or a dead letter, per record.
                .addProcessor(PROCESSOR, () -> new CommandProcessor(decoder, events, results,
                        config.dedupeRetention(), List.of(
                                new AggregateStore<>(ACCOUNTS_STORE, AccountDecider.handler()),
                                new AggregateStore<>(TRANSFERS_STORE, TransferDecider.handler()))), SOURCE)
                // Accounts and transfers in separate stores: their ids share one key space.
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ACCOUNTS_STORE),
                        Serdes.String(), new VersionedStateSerde<>(new AccountStateFormat())), PROCESSOR)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRANSFERS_STORE),
                        Serdes.String(), new VersionedStateSerde<>(new TransferStateFormat())), PROCESSOR)
                // Outcomes by command id, dropped segment by segment once older than the retention.
                .addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(OUTCOMES_STORE,
                        config.dedupeRetention(), Duration.ofMillis(1), false),
                        Serdes.String(), new StoredOutcomeSerde()).withCachingDisabled(), PROCESSOR)
                // The processor encodes every output itself (before writing anything), so the sinks pass bytes on.
                .addSink(EVENTS_SINK, Topics.EVENTS.name(), new ByteArraySerializer(), new ByteArraySerializer(),
                        PROCESSOR)
                .addSink(ANSWERS_SINK, Topics.TRANSFER_ANSWERS.name(), new ByteArraySerializer(),
                        new ByteArraySerializer(), PROCESSOR)
                .addSink(RESULTS_SINK, Topics.COMMAND_RESULTS.name(), new ByteArraySerializer(),
                        new ByteArraySerializer(), PROCESSOR)
                .addSink(DEAD_LETTER_SINK, Topics.DEAD_LETTERS.name(), new ByteArraySerializer(),
                        new ByteArraySerializer(), PROCESSOR);
    }
}
