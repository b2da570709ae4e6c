package io.ledgerline.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.avro.result.CommandResult;
import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.mapping.OutcomeMapper;
import io.ledgerline.mapping.Samples;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.LedgerCommand;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.outcome.OutcomeCode;
import io.ledgerline.registry.InMemorySchemaRegistry;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every record type goes through its topic's real serdes (Confluent wire format, in-memory registry) unchanged. */
class TopicsTest {

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope("topics-test");

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.dropScope("topics-test");
    }

    @ParameterizedTest
    @MethodSource("io.ledgerline.mapping.Samples#commands")
    void givenCommand_whenWrittenAndReadThroughCommandsTopic_thenUnchanged(LedgerCommand command) {
        CommandEnvelope original = Samples.command(command, 5L);

        SpecificRecord back = roundTrip(Topics.COMMANDS, CommandMapper.toAvro(original));

        assertThat(CommandMapper.fromAvro(back)).isEqualTo(original);
    }

    @ParameterizedTest
    @MethodSource("io.ledgerline.mapping.Samples#events")
    void givenEvent_whenWrittenAndReadThroughEventsTopic_thenUnchanged(LedgerEvent event) {
        EventEnvelope original = Samples.event(event, 3);

        SpecificRecord back = roundTrip(Topics.EVENTS, EventMapper.toAvro(original));

        assertThat(EventMapper.fromAvro(back)).isEqualTo(original);
    }

    @Test
    void givenOutcome_whenWrittenAndReadThroughResultsTopic_thenUnchanged() {
        CommandOutcome original = new CommandOutcome("cmd-1", "io.ledgerline.avro.command.WithdrawMoney", "acc-1",
                OutcomeCode.REJECTED_RULE, "cannot withdraw from acc-1: balance 5 is below 7", 4L, 0, Samples.AT);

        CommandResult back = roundTrip(Topics.COMMAND_RESULTS, OutcomeMapper.toAvro(original));

        assertThat(OutcomeMapper.fromAvro(back)).isEqualTo(original);
    }

    @Test
    void givenRecordsWritten_thenSubjectsFollowTopicRecordNameStrategy() {
        roundTrip(Topics.EVENTS, EventMapper.toAvro(Samples.event(Samples.EVENTS.get(1), 2)));

        assertThat(registry.subjects()).contains("ledger.events-io.ledgerline.avro.event.MoneyDeposited");
    }

    @Test
    void eventsAreKeptForeverAndNeverCompacted() {
        assertThat(Topics.EVENTS.config())
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
    }

    @Test
    void transferAnswersAreKeptLikeTheLogTheyCopy() {
        assertThat(Topics.TRANSFER_ANSWERS.config()).isEqualTo(Topics.EVENTS.config());
        assertThat(Topics.TRANSFER_ANSWERS.defaultPartitions()).isEqualTo(Topics.EVENTS.defaultPartitions());
        assertThat(Topics.SAGA_CONTROL.defaultPartitions()).isEqualTo(Topics.EVENTS.defaultPartitions());
    }

    @Test
    void topicNamesAreDeclaredOnce() {
        List<String> names = Stream.concat(Topics.LEDGER.stream(), Stream.of(Topics.SCHEMAS))
                .map(Topic::name).collect(Collectors.toList());

        assertThat(names).doesNotHaveDuplicates()
                .containsExactlyInAnyOrder("ledger.commands", "ledger.events", "ledger.command-results", "ledger.dlq",
                        "ledger.transfer-answers", "ledger.saga-control", "_schemas");
    }

    private <V extends SpecificRecord> V roundTrip(Topic<String, V> topic, V value) {
        try (Serde<V> serde = topic.valueSerde(registry, true)) {
            byte[] bytes = serde.serializer().serialize(topic.name(), value);
            assertThat(bytes[0]).as("magic byte").isZero();
            return serde.deserializer().deserialize(topic.name(), bytes);
        }
    }
}
