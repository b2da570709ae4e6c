package io.ledgerline.cli.transfers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.cli.OpsFixture;
import io.ledgerline.command.saga.SagaStreams;
import io.ledgerline.command.saga.SagaStreamsConfig;
import io.ledgerline.command.saga.SagaTopology;
import io.ledgerline.devkit.Await;
import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.EventMetadata;
import io.ledgerline.saga.SagaConfig;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import io.ledgerline.transfer.TransferEvent.TransferRequested;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ledgerline transfers stuck|retry} against a real saga on the shared broker: a transfer whose debit nobody
 * answers becomes STUCK, is listed from the saga's changelog, and a retry makes the saga send the same debit again.
 */
class TransfersCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Three sends 200 ms apart, then STUCK: well under a second. */
    private static final SagaConfig QUICK =
            new SagaConfig(Duration.ofMillis(200), 1.0, Duration.ofMillis(200), 3, Duration.ofMinutes(1), 0.0);

    @TempDir
    Path stateDir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String applicationId = "transfers-cli-" + run;
    private final String transferId = "t-cli-" + run;

    @Test
    void givenAStuckTransfer_whenListedAndRetried_thenTheSagaResendsTheSameDebit() throws Exception {
        String bootstrap = SharedEmbeddedKafka.bootstrapServersWithLedgerTopics();
        Map<TopicPartition, Long> commandsBefore = OpsFixture.endOffsets(Topics.COMMANDS.name());
        startAtTheEndOfTheLog();
        try (SagaStreams saga = SagaStreams.start(SagaStreamsConfig.defaults(bootstrap, OpsFixture.registryUrl())
                .withApplicationId(applicationId).withStateDir(stateDir)
                .withSaga(QUICK, Duration.ofMillis(50)), Duration.ofSeconds(30))) {
            requestTransfer();

            JsonNode stuck = awaitStuck();
            assertThat(stuck.path("cause").asText()).isEqualTo("NO_ANSWER");
            assertThat(stuck.path("step").asText()).isEqualTo("DEBIT");
            assertThat(stuck.path("attempts").asInt()).isEqualTo(3);
            assertThat(stuck.path("retryable").asBoolean()).isTrue();
            assertThat(stuck.path("amount").asLong()).isEqualTo(700);
            assertThat(debitsSent(commandsBefore)).isEqualTo(3);

            OpsFixture.Run retry = OpsFixture.run("transfers", "retry", transferId, "--application-id",
                    applicationId, "--json");

            assertThat(retry.exit()).as(retry.err()).isZero();
            assertThat(JSON.readTree(retry.lines().get(0)).path("resumed").asBoolean()).as(retry.out()).isTrue();
            // The same debit, same command id, as a new round of three sends, then STUCK again: never compensated.
            Await.until("the retried round sent", OpsFixture.WAIT, () -> debitsSent(commandsBefore) >= 6);
            assertThat(awaitStuck().path("attempts").asInt()).isEqualTo(3);
            assertThat(saga.counters().retried()).isEqualTo(1);
        }
    }

    @Test
    void givenATransferThatIsNotStuck_whenRetried_thenRefusedWithOneLine() throws Exception {
        SharedEmbeddedKafka.bootstrapServersWithLedgerTopics();
        startAtTheEndOfTheLog();
        try (SagaStreams saga = SagaStreams.start(SagaStreamsConfig.defaults(OpsFixture.bootstrapServers(),
                OpsFixture.registryUrl()).withApplicationId(applicationId).withStateDir(stateDir),
                Duration.ofSeconds(30))) {
            awaitChangelog();

            OpsFixture.Run retry = OpsFixture.run("transfers", "retry", "t-nowhere", "--application-id",
                    applicationId);

            assertThat(retry.exit()).isEqualTo(1);
            assertThat(retry.err().strip().lines()).singleElement().asString().contains("t-nowhere is not STUCK");
        }
    }

    @Test
    void givenNoSuchSagaApplication_whenListed_thenOneLineNamingTheOption() {
        SharedEmbeddedKafka.bootstrapServersWithLedgerTopics();
        OpsFixture.Run stuck = OpsFixture.run("transfers", "stuck", "--application-id", "no-saga-" + run);

        assertThat(stuck.exit()).isEqualTo(1);
        assertThat(stuck.err().strip().lines()).singleElement().asString().contains("--application-id");
    }

    /**
     * The saga's group starts at today's end of its inputs (ledger.events, ledger.transfer-answers,
     * ledger.saga-control): the shared log is long, and not this test's.
     */
    private void startAtTheEndOfTheLog() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
        for (String input : SagaTopology.INPUTS) {
            OpsFixture.endOffsets(input).forEach((p, offset) -> end.put(p, new OffsetAndMetadata(offset)));
        }
        try (Admin admin = OpsFixture.admin()) {
            admin.alterConsumerGroupOffsets(applicationId, end).all().get(30, TimeUnit.SECONDS);
        }
    }

    private void requestTransfer() throws Exception {
        TransferRequested requested = new TransferRequested(transferId, "acc-cli-a-" + run, "acc-cli-b-" + run, 700,
                "EUR", "cli test");
        EventEnvelope envelope = new EventEnvelope(new EventMetadata("req-" + run + ":0", 1, Instant.now(),
                "req-" + run), requested);
        try (KafkaProducer<String, SpecificRecord> producer = OpsFixture.eventProducer()) {
            ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(Topics.EVENTS.name(), transferId,
                    EventMapper.toAvro(envelope));
            record.headers().add(LedgerHeaders.CORRELATION_ID, run.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    /** The transfer as {@code transfers stuck --json} lists it, once it does. */
    private JsonNode awaitStuck() throws Exception {
        StringBuilder last = new StringBuilder();
        return Await.value(() -> transferId + " listed as STUCK; last: " + last, OpsFixture.WAIT, () -> {
            OpsFixture.Run stuck = OpsFixture.run("transfers", "stuck", "--application-id", applicationId, "--json");
            last.setLength(0);
            last.append(stuck.out()).append(stuck.err());
            if (stuck.exit() != 0) {
                return Optional.empty();
            }
            for (String line : stuck.lines()) {
                JsonNode node = JSON.readTree(line);
                if (node.path("transferId").asText().equals(transferId)) {
                    return Optional.of(node);
                }
            }
            return Optional.empty();
        });
    }

    private void awaitChangelog() throws Exception {
        Await.until("the saga's STUCK changelog created", OpsFixture.WAIT,
                () -> OpsFixture.run("transfers", "stuck", "--application-id", applicationId).exit() == 0);
    }

    /** Debits with this transfer's deterministic command id written to ledger.commands since {@code from}. */
    private long debitsSent(Map<TopicPartition, Long> from) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, OpsFixture.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> ends = consumer.endOffsets(from.keySet());
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(found::add);
            }
        }
        return found.stream().map(r -> r.headers().lastHeader(LedgerHeaders.COMMAND_ID))
                .filter(h -> h != null && new String(h.value(), StandardCharsets.UTF_8).equals(transferId + ":debit"))
                .count();
    }
}
