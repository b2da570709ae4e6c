package io.ledgerline.topics;

import io.ledgerline.avro.result.CommandResult;
import io.ledgerline.serde.AvroSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic registry (DESIGN.md §3). Several Avro record types share {@code ledger.commands} and
 * {@code ledger.events}, so their value type is {@link SpecificRecord} and the mappers in
 * {@code io.ledgerline.mapping} turn them into domain records; subjects follow {@code TopicRecordNameStrategy}.
 */
public final class Topics {

    /** Commands from REST, Kafka producers and the saga; key = aggregate id. Kept a week for audit and replay. */
    public static final Topic<String, SpecificRecord> COMMANDS = new Topic<>(
            "ledger.commands", 6,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, millis(Duration.ofDays(7))),
            Serdes.String(), avro(SpecificRecord.class));

    /** The log of record; key = aggregate id. Kept forever and never compacted. */
    public static final Topic<String, SpecificRecord> EVENTS = new Topic<>(
            "ledger.events", 6,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE),
            Serdes.String(), avro(SpecificRecord.class));

    /** One outcome per command; key = command id. Short retention: callers read it within seconds. */
    public static final Topic<String, CommandResult> COMMAND_RESULTS = new Topic<>(
            "ledger.command-results", 6,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, millis(Duration.ofDays(1))),
            Serdes.String(), avro(CommandResult.class));

    /**
     * Records no processor could handle: the original key and bytes, with headers naming the source topic,
     * partition, offset, error class and message ({@link LedgerHeaders}). Kept until an operator deals with them.
     */
    public static final Topic<byte[], byte[]> DEAD_LETTERS = new Topic<>(
            "ledger.dlq", 6,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"),
            Serdes.ByteArray(), (registry, autoRegister) -> Serdes.ByteArray());

    /**
     * Which dead letters {@code ledgerline dlq redrive} has sent back: key = {@code <dlq topic>:<partition>:<offset>},
     * value = the target topic, written in the same transaction as the redriven record (ADR 0014). Compacted, one
     * partition; created by the first redrive, so it is not in {@link #LEDGER}.
     */
    public static final Topic<String, String> DLQ_REDRIVES = new Topic<>(
            "ledger.dlq-redrives", 1,
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
            Serdes.String(), (registry, autoRegister) -> Serdes.String());

    /**
     * The query service's projection versions and which of them serves each read model (ADR 0021): key
     * {@code version/<v>} (value {@code run} or {@code drop}) or {@code serve/<read model>} (value the version).
     * Written by {@code ledgerline projections rebuild|switch|drop}, read from the beginning by every query service
     * instance. Compacted, one partition (one order for all keys); created by the query service and the CLI when
     * missing, so it is not in {@link #LEDGER} (whose partition count is the deployment's).
     */
    public static final Topic<String, String> PROJECTION_CONTROL = new Topic<>(
            "ledger.projection-control", 1,
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
            Serdes.String(), (registry, autoRegister) -> Serdes.String());

    /**
     * The accounts' answers to saga steps (TransferDebited, ...Declined, TransferCredited, ...Declined,
     * TransferDebitReversed) a second time, keyed by transfer id: the event's bytes and headers as written to
     * {@link #EVENTS}, by the command processor in the same transaction (ADR 0035). The saga reads it co-partitioned
     * with {@link #EVENTS}, so it needs the same partition count; kept forever like the log, because a saga rebuilt
     * from offset 0 must see every answer.
     */
    public static final Topic<String, SpecificRecord> TRANSFER_ANSWERS = new Topic<>(
            "ledger.transfer-answers", 6,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE),
            Serdes.String(), avro(SpecificRecord.class));

    /**
     * Operators' instructions to the transfer saga (ADR 0032): key = transfer id, value = the instruction
     * ({@code retry}: re-send the step a STUCK transfer waits on, same command id). The saga reads it co-partitioned
     * with {@link #EVENTS} (ADR 0035), so it needs the same partition count; kept a week like the commands.
     */
    public static final Topic<String, String> SAGA_CONTROL = new Topic<>(
            "ledger.saga-control", 6,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, millis(Duration.ofDays(7))),
            Serdes.String(), (registry, autoRegister) -> Serdes.String());

    /** The embedded schema registry's own store: one partition, compacted, JSON keys and values. */
    public static final Topic<String, String> SCHEMAS = new Topic<>(
            "_schemas", 1,
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
            Serdes.String(), (registry, autoRegister) -> Serdes.String());

    /** The topics the product creates at start-up ({@link #SCHEMAS} belongs to the embedded registry). */
    public static final List<Topic<?, ?>> LEDGER = List.of(COMMANDS, EVENTS, COMMAND_RESULTS, DEAD_LETTERS,
            TRANSFER_ANSWERS, SAGA_CONTROL);

    private Topics() {
    }

    private static <V extends SpecificRecord> ValueSerdeFactory<V> avro(Class<V> type) {
        return (registry, autoRegister) -> new AvroSerde<>(type, registry, autoRegister);
    }

    private static String millis(Duration duration) {
        return Long.toString(duration.toMillis());
    }
}
