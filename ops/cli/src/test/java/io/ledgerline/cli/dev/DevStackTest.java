package io.ledgerline.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.avro.event.MoneyDeposited;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.account.AccountEvent;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.EventMetadata;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dev mode's stack for real: a broker, the ledger topics and the registry; an event written through the registry
 * by one client is read back by another; and a restart on the same data dir keeps topics, records and schema ids.
 */
class DevStackTest {

    @TempDir
    Path dataDir;

    @Test
    void givenFreshDataDir_whenStarted_thenTopicsExistAndAnEventRoundTripsThroughKafkaAndTheRegistry()
            throws Exception {
        SpecificRecord event = EventMapper.toAvro(new EventEnvelope(
                new EventMetadata("cmd-1:0", 2, Instant.parse("2026-11-28T10:00:00Z"), "cmd-1"),
                new AccountEvent.MoneyDeposited("acc-1", 12_50, "EUR", "salary")));
        int schemaId;
        try (DevStack stack = DevStack.start(settings())) {
            assertThat(stack.createdTopics()).containsExactlyInAnyOrder(
                    "ledger.commands", "ledger.events", "ledger.command-results", "ledger.dlq",
                    "ledger.transfer-answers", "ledger.saga-control");
            assertThat(topicNames(stack)).containsAll(stack.createdTopics());

            produce(stack, event);
            assertThat(consumeOne(stack)).isEqualTo(event);
            schemaId = registry(stack).lookup("ledger.events-" + MoneyDeposited.getClassSchema().getFullName(),
                    MoneyDeposited.getClassSchema()).orElseThrow().id();
        }

        try (DevStack restarted = DevStack.start(settings())) {
            assertThat(restarted.createdTopics()).isEmpty();
            assertThat(consumeOne(restarted)).isEqualTo(event);
            assertThat(registry(restarted).schemaById(schemaId)).isEqualTo(MoneyDeposited.getClassSchema());
        }
    }

    private DevSettings settings() {
        return new DevSettings(dataDir, 0, 0, 2, 0);
    }

    private static Set<String> topicNames(DevStack stack) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    private static SchemaRegistryClient registry(DevStack stack) {
        return SchemaRegistryClients.create(stack.registryUrl(), Map.of());
    }

    private static void produce(DevStack stack, SpecificRecord event) throws Exception {
        try (Serde<SpecificRecord> values = Topics.EVENTS.valueSerde(registry(stack), true);
                KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                        Topics.EVENTS.keySerde().serializer(), values.serializer())) {
            producer.send(new ProducerRecord<>(Topics.EVENTS.name(), "acc-1", event)).get(30, TimeUnit.SECONDS);
        }
    }

    private static SpecificRecord consumeOne(DevStack stack) {
        try (Serde<SpecificRecord> values = Topics.EVENTS.valueSerde(registry(stack), false);
                KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.GROUP_ID_CONFIG, "dev-stack-test-" + System.nanoTime()),
                        Topics.EVENTS.keySerde().deserializer(), values.deserializer())) {
            consumer.subscribe(List.of(Topics.EVENTS.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
                    return record.value();
                }
            }
            throw new AssertionError("no event on " + Topics.EVENTS.name() + " within 30 s");
        }
    }
}
