package io.ledgerline.command.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountEvent.TransferCredited;
import io.ledgerline.account.AccountEvent.TransferDebitDeclined;
import io.ledgerline.account.AccountEvent.TransferDebited;
import io.ledgerline.account.DeclineReason;
import io.ledgerline.devkit.Await;
import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import io.ledgerline.devkit.registry.EmbeddedSchemaRegistry;
import io.ledgerline.devkit.registry.EmbeddedSchemaRegistryConfig;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.EventMetadata;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.saga.SagaConfig;
import io.ledgerline.saga.SagaState;
import io.ledgerline.saga.TransferSaga;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import io.ledgerline.transfer.TransferEvent.TransferCompleted;
import io.ledgerline.transfer.TransferEvent.TransferRequested;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The saga's time index and status counts, kept in its saga store (ADR 0049), across restarts, on the embedded
 * broker: a saga with transfers completed, crediting and debiting is stopped and started again on its state
 * directory (the store opened from disk) and on an empty one (the store restored from its changelog, as on another
 * instance after a rebalance); each time the counts are those before the stop, the STUCK ones are listed for
 * operators, and the unanswered steps are re-sent on their deadlines.
 *
 * <p>The ledger topics are the shared broker's, so the counts may include transfers of other tests; the policy re-sends
 * every 2 s and gives up only after 10 min, so between the stop and the checks no status changes but by an answer.
 */
class SagaRestartTest {

    private static final SagaConfig POLICY =
            new SagaConfig(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(2), 1_000, Duration.ofMinutes(10), 0.0);
    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static String bootstrap;
    private static EmbeddedSchemaRegistry registry;
    private static SchemaRegistryClient registryClient;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> completed = ids("done", 4);
    private final List<String> crediting = ids("crediting", 4);
    private final List<String> debiting = ids("debiting", 4);
    private final List<String> stuck = ids("stuck", 2);
    private SagaStreams saga;

    @TempDir
    Path stateDir;

    /** The embedded registry on the shared broker's {@code _schemas}: other tests of this JVM read these events. */
    @BeforeAll
    static void brokerAndRegistry() throws Exception {
        bootstrap = SharedEmbeddedKafka.bootstrapServersWithLedgerTopics();
        registry = new EmbeddedSchemaRegistry(EmbeddedSchemaRegistryConfig.defaults(bootstrap).withPort(0)).start();
        registryClient = SchemaRegistryClients.create(registry.url(), Map.of());
    }

    @AfterAll
    static void stopRegistry() {
        if (registryClient != null) {
            registryClient.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @AfterEach
    void stop() {
        if (saga != null) {
            saga.close();
        }
    }

    @Test
    void givenSagasInEveryPhase_whenRestartedOnItsStateAndOnARestoredOne_thenCountsEqualAndDeadlinesStillFire()
            throws Exception {
        saga = start(stateDir.resolve("first"));
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (String t : completed) {
                append(producer, new TransferRequested(t, "acc-a-" + run, "acc-b-" + run, 100, "EUR", "rent"));
                append(producer, new TransferDebited("acc-a-" + run, t, 100, "EUR"));
                append(producer, new TransferCredited("acc-b-" + run, t, 100, "EUR"));
                append(producer, new TransferCompleted(t));
            }
            for (String t : crediting) {
                append(producer, new TransferRequested(t, "acc-a-" + run, "acc-b-" + run, 100, "EUR", "rent"));
                append(producer, new TransferDebited("acc-a-" + run, t, 100, "EUR"));
            }
            for (String t : debiting) {
                append(producer, new TransferRequested(t, "acc-a-" + run, "acc-b-" + run, 100, "EUR", "rent"));
            }
            for (String t : stuck) {
                // A credit landing on a transfer whose debit was declined cannot be undone: STUCK, for an operator.
                append(producer, new TransferRequested(t, "acc-a-" + run, "acc-b-" + run, 100, "EUR", "rent"));
                append(producer, new TransferDebitDeclined("acc-a-" + run, t, 100, "EUR",
                        DeclineReason.INSUFFICIENT_FUNDS, "no funds"));
                append(producer, new TransferCredited("acc-b-" + run, t, 100, "EUR"));
            }
        }
        awaitStatus(completed, SagaState.Status.COMPLETED);
        awaitStatus(crediting, SagaState.Status.CREDITING);
        awaitStatus(debiting, SagaState.Status.DEBITING);
        awaitStatus(stuck, SagaState.Status.STUCK);
        Map<SagaState.Status, Long> before = saga.countsByStatus().orElseThrow();
        assertThat(before.get(SagaState.Status.COMPLETED)).isGreaterThanOrEqualTo(completed.size());
        assertThat(before.get(SagaState.Status.CREDITING)).isGreaterThanOrEqualTo(crediting.size());
        assertThat(before.get(SagaState.Status.DEBITING)).isGreaterThanOrEqualTo(debiting.size());
        assertThat(before.get(SagaState.Status.STUCK)).isGreaterThanOrEqualTo(stuck.size());

        // Stopped cleanly and started on the same state directory: the stores are opened from disk.
        saga.close();
        restartAndCheck(stateDir.resolve("first"), before);
        // Started on an empty state directory: the saga store is restored from its changelog first.
        saga.close();
        restartAndCheck(stateDir.resolve("second"), before);
    }

    private void restartAndCheck(Path dir, Map<SagaState.Status, Long> before) throws Exception {
        try (KafkaConsumer<byte[], byte[]> commands = commandsFromTheEnd()) {
            saga = start(dir);
            Await.until("the restarted saga running and caught up", WITHIN,
                    () -> saga.streams().state() == KafkaStreams.State.RUNNING && saga.caughtUp());
            Await.until("the counts of before the stop, were " + before, WITHIN,
                    () -> saga.countsByStatus().filter(before::equals).isPresent());
            Await.until("the operator listing of " + stuck, WITHIN, () -> SagaQueries.of(saga.streams())
                    .stuck(1_000).stream().map(StuckTransfer::transferId).toList()
                    .containsAll(stuck));
            Set<String> expected = new HashSet<>();
            crediting.forEach(t -> expected.add(t + ":credit"));
            debiting.forEach(t -> expected.add(t + ":debit"));
            Set<String> resent = new HashSet<>();
            Await.until("every unanswered step re-sent after the restart, seen " + resent, WITHIN, () -> {
                for (ConsumerRecord<byte[], byte[]> record : commands.poll(Duration.ofMillis(200))) {
                    Header id = record.headers().lastHeader(LedgerHeaders.COMMAND_ID);
                    if (id != null) {
                        resent.add(new String(id.value(), StandardCharsets.UTF_8));
                    }
                }
                return resent.containsAll(expected);
            });
            assertThat(resent).noneMatch(id -> completed.stream().anyMatch(id::startsWith)
                    || stuck.stream().anyMatch(id::startsWith));
        }
    }

    private SagaStreams start(Path dir) {
        return SagaStreams.start(SagaStreamsConfig.defaults(bootstrap, registry.url())
                .withApplicationId("saga-restart-" + run).withStateDir(dir)
                .withSaga(POLICY, Duration.ofMillis(100)), Duration.ofSeconds(30));
    }

    private void awaitStatus(List<String> transfers, SagaState.Status status) throws Exception {
        Await.until(transfers + " " + status, WITHIN, () -> {
            try {
                SagaQueries queries = SagaQueries.of(saga.streams());
                return transfers.stream().allMatch(t -> queries.saga(t)
                        .filter(stored -> stored.state().status() == status).isPresent());
            } catch (InvalidStateStoreException notYet) {
                return false;
            }
        });
    }

    /** The event on {@code ledger.events} and, for an account's answer, on {@code ledger.transfer-answers}. */
    private void append(KafkaProducer<byte[], byte[]> producer, LedgerEvent event) throws Exception {
        String transferId = TransferSaga.transferIdOf(event).orElseThrow();
        EventEnvelope envelope = new EventEnvelope(
                new EventMetadata(UUID.randomUUID() + ":0", 1, Instant.now(), UUID.randomUUID().toString()), event);
        byte[] value = Topics.EVENTS.valueSerde(registryClient, true).serializer()
                .serialize(Topics.EVENTS.name(), EventMapper.toAvro(envelope));
        producer.send(new ProducerRecord<>(Topics.EVENTS.name(), utf8(event.aggregateId()), value)).get();
        if (!event.aggregateId().equals(transferId)) {
            producer.send(new ProducerRecord<>(Topics.TRANSFER_ANSWERS.name(), utf8(transferId), value)).get();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> commandsFromTheEnd() {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(Topics.COMMANDS.name())
                .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private List<String> ids(String phase, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add("tr-restart-" + run + "-" + phase + "-" + i);
        }
        return ids;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
