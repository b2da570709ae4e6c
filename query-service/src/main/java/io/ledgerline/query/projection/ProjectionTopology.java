package io.ledgerline.query.projection;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.query.account.AccountChange;
import io.ledgerline.query.account.AccountProjector;
import io.ledgerline.query.account.AccountView;
import io.ledgerline.query.account.AccountViewCodec;
import io.ledgerline.query.activity.ActivityProjector;
import io.ledgerline.query.activity.DailyActivityCodec;
import io.ledgerline.query.portfolio.PortfolioCodec;
import io.ledgerline.query.portfolio.PortfolioProjector;
import io.ledgerline.query.statement.StatementEntryCodec;
import io.ledgerline.query.statement.StatementProjector;
import io.ledgerline.query.totals.TotalsCodecs;
import io.ledgerline.query.totals.TotalsCollector;
import io.ledgerline.query.totals.TotalsProjector;
import io.ledgerline.query.transfer.TransferProjector;
import io.ledgerline.query.transfer.TransferViewCodec;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.streams.CappedTimestampExtractor;
import io.ledgerline.topics.Topics;
import io.ledgerline.transfer.TransferEvent;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The projections: {@code ledger.events} in, read models in local stores (backed by changelogs) out, and
 * {@code ledger.dlq} for records that are not events. One Streams application, so one consumer group and one
 * exactly-once transaction per task covers every read model. Run it with {@link ProjectionConfig#streamsProperties()}.
 */
public final class ProjectionTopology {

    /** Repartition topics (suffixes of {@code <applicationId>-...-repartition}). */
    static final String BY_CUSTOMER = "by-customer";
    static final String BY_CURRENCY = "by-currency";
    static final String BY_TRANSFER = "by-transfer";

    private ProjectionTopology() {
    }

    /** The topology with a registry client built from the configuration. */
    public static Topology build(ProjectionConfig config, ProjectionHealth health, StoreWrites writes,
            StoreCopies copies) {
        return build(config, health, writes, copies,
                SchemaRegistryClients.create(config.schemaRegistryUrl(), config.registryClient()));
    }

    /**
     * The topology reading schemas through {@code registry}; it registers none. The account and transfer views tell
     * {@code writes} about each key they write (read-your-writes waits); the account view keeps its tasks' copies in
     * {@code copies} (ADR 0048).
     */
    public static Topology build(ProjectionConfig config, ProjectionHealth health, StoreWrites writes,
            StoreCopies copies, SchemaRegistryClient registry) {
        var events = Topics.EVENTS.valueSerde(registry, false);
        StreamsBuilder builder = new StreamsBuilder();
        addStores(builder, config.activityRetention());

        // Events as raw bytes, so a record that cannot be read is dead-lettered byte for byte; decoded per record.
        KStream<String, Decoded> decoded = builder
                .stream(Topics.EVENTS.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withTimestampExtractor(new CappedTimestampExtractor())
                        .withOffsetResetPolicy(AutoOffsetReset.earliest()).withName("events"))
                .process(() -> new EventDecoder(events.deserializer()), Named.as("decode"));
        // What is not an event goes to the dead-letter topic with its original key, value and headers.
        decoded.filter((key, value) -> value instanceof Decoded.Poison, Named.as("poison"))
                .map((key, value) -> KeyValue.pair(((Decoded.Poison) value).key(), ((Decoded.Poison) value).value()),
                        Named.as("poison-bytes"))
                .to(Topics.DEAD_LETTERS.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName("dead-letters"));
        KStream<String, EventEnvelope> ledger = decoded
                .filter((key, value) -> value instanceof Decoded.Event, Named.as("events-only"))
                .mapValues(value -> ((Decoded.Event) value).envelope(), Named.as("envelopes"));

        // Account view: applies the next version of each account (in the store and the task's copy), forwards what
        // it applied.
        KStream<String, AccountChange> changes = ledger
                .filter((key, envelope) -> envelope.event() instanceof AccountEvent, Named.as("account-events"))
                .process(() -> new AccountProjector(health, writes, copies), Named.as(AccountProjector.NAME),
                        AccountProjector.STORE);
        // Statement and daily activity: in the account's own task.
        changes.process(StatementProjector::new, Named.as("statement"), StatementProjector.STORE);
        changes.process(ActivityProjector::new, Named.as("daily-activity"), ActivityProjector.STORE);
        // Portfolio: the account's new view, re-keyed by its customer.
        changes.map((accountId, change) -> KeyValue.pair(change.after().customerId(), change.after()),
                        Named.as("customer-key"))
                .repartition(Repartitioned.with(Serdes.String(), new BinarySerde<>(new AccountViewCodec()))
                        .withName(BY_CUSTOMER))
                .process(PortfolioProjector::new, Named.as("portfolio"), PortfolioProjector.STORE);
        // Ledger totals: balance and account-count deltas summed per task and currency, each sum re-keyed by
        // currency onto one partition once per commit interval.
        changes.process(() -> new TotalsCollector(totalsInterval(config)), Named.as("totals-pending"),
                        TotalsCollector.STORE)
                .repartition(Repartitioned.with(Serdes.String(), new BinarySerde<>(new TotalsCodecs.Delta()))
                        .withNumberOfPartitions(1).withName(BY_CURRENCY))
                .process(TotalsProjector::new, Named.as("ledger-totals"), TotalsProjector.STORE);
        // Transfer view: the transfer's own events and the applied account events carrying its id, by transfer id.
        KStream<String, EventEnvelope> steps = changes
                .filter((accountId, change) -> transferIdOf(change) != null, Named.as("transfer-steps"))
                .map((accountId, change) -> KeyValue.pair(transferIdOf(change), change.event()),
                        Named.as("transfer-key"));
        ledger.filter((key, envelope) -> envelope.event() instanceof TransferEvent, Named.as("transfer-events"))
                .merge(steps, Named.as("transfer-inputs"))
                .repartition(Repartitioned.with(Serdes.String(), new EventEnvelopeSerde(events))
                        .withName(BY_TRANSFER))
                .process(() -> new TransferProjector(health, writes), Named.as(TransferProjector.NAME),
                        TransferProjector.STORE);
        return builder.build();
    }

    /** How often the summed totals deltas are forwarded: every commit interval (at least every millisecond). */
    private static Duration totalsInterval(ProjectionConfig config) {
        return config.commitInterval().isZero() ? Duration.ofMillis(1) : config.commitInterval();
    }

    private static String transferIdOf(AccountChange change) {
        return AccountView.transferId((AccountEvent) change.event().event());
    }

    private static void addStores(StreamsBuilder builder, Duration activityRetention) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AccountProjector.STORE),
                Serdes.String(), new BinarySerde<>(new AccountViewCodec())));
        // Statement keys are written once each: a cache would only copy them.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StatementProjector.STORE),
                Serdes.String(), new BinarySerde<>(new StatementEntryCodec())).withCachingDisabled());
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(ActivityProjector.STORE,
                activityRetention, Duration.ofDays(1), false), Serdes.String(),
                new BinarySerde<>(new DailyActivityCodec())));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PortfolioProjector.STORE),
                Serdes.String(), new BinarySerde<>(new PortfolioCodec())));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TotalsCollector.STORE),
                Serdes.String(), new BinarySerde<>(new TotalsCodecs.Delta())));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TotalsProjector.STORE),
                Serdes.String(), new BinarySerde<>(new TotalsCodecs.Total())));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TransferProjector.STORE),
                Serdes.String(), new BinarySerde<>(new TransferViewCodec())));
    }
}
