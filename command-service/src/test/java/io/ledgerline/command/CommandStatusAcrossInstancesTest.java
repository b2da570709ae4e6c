package io.ledgerline.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import io.ledgerline.devkit.registry.EmbeddedSchemaRegistry;
import io.ledgerline.devkit.registry.EmbeddedSchemaRegistryConfig;
import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two command-service instances in one JVM (own ports, state dirs and instance ids, one processor application) on
 * the embedded broker: the status URL answers on either instance for commands accepted by the other and for commands
 * a plain Kafka producer wrote before the asked instance existed (ADR 0013).
 */
class CommandStatusAcrossInstancesTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BOOTSTRAP = SharedEmbeddedKafka.bootstrapServersWithLedgerTopics();
    private static final EmbeddedSchemaRegistry REGISTRY =
            new EmbeddedSchemaRegistry(EmbeddedSchemaRegistryConfig.defaults(BOOTSTRAP).withPort(0)).start();

    @TempDir
    static Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void stopRegistry() {
        REGISTRY.close();
    }

    @Test
    void eitherInstanceAnswersForCommandsOfTheOtherAndOfPlainProducers() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (ConfigurableApplicationContext a = start(run, "a")) {
            awaitRunning(a);
            // One account per partition of ledger.commands, so the outcomes sit on both instances once B has joined.
            List<String> accounts = accountPerPartition(run);
            List<String> opens = new ArrayList<>();
            try (SchemaRegistryClient registry = SchemaRegistryClients.create(REGISTRY.url(), Map.of());
                    KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP),
                            Topics.COMMANDS.keySerde().serializer(),
                            Topics.COMMANDS.valueSerde(registry, true).serializer())) {
                for (String account : accounts) {
                    String commandId = "open-" + account;
                    opens.add(commandId);
                    produce(producer, commandId, new AccountCommand.OpenAccount(account, "cust-" + run, "EUR", "Ada"));
                }
            }
            for (String open : opens) {
                awaitStatus(a, open, "ACCEPTED", 1);
            }

            try (ConfigurableApplicationContext b = start(run, "b")) {
                awaitRunning(a);
                awaitRunning(b);
                Awaitility.await("both instances to see each other").atMost(DEADLINE)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> !processor(a).outcomes().otherInstances().isEmpty()
                                && !processor(b).outcomes().otherInstances().isEmpty()
                                && processor(a).state() == KafkaStreams.State.RUNNING
                                && processor(b).state() == KafkaStreams.State.RUNNING);

                List<String> deposits = new ArrayList<>();
                for (String account : accounts) {
                    String key = "dep-" + account;
                    HttpResponse<String> deposit = http.send(HttpRequest.newBuilder(uri(a,
                                    "/api/accounts/" + account + "/deposits"))
                            .header("Content-Type", "application/json").header("Idempotency-Key", key)
                            .header("Prefer", "wait=30")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":100}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(200);
                    deposits.add(key);
                }

                // B started after the opens were processed: its reply listener never saw them.
                for (String open : opens) {
                    awaitStatus(b, open, "ACCEPTED", 1);
                    awaitStatus(a, open, "ACCEPTED", 1);
                }
                for (String deposit : deposits) {
                    awaitStatus(b, deposit, "ACCEPTED", 2);
                }
                for (ConfigurableApplicationContext instance : List.of(a, b)) {
                    HttpResponse<String> unknown = get(instance, "/api/commands/nobody-" + run);
                    assertThat(unknown.statusCode()).isEqualTo(404);
                    assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                            type -> assertThat(type).startsWith("application/problem+json"));
                    assertThat(JSON.readTree(unknown.body()).get("type").asString()).endsWith("/unknown-command");
                }
            }
        }
    }

    private static ConfigurableApplicationContext start(String run, String name) throws IOException {
        int port = freePort();
        return new SpringApplicationBuilder(CommandServiceApplication.class).run(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--ledgerline.instance-id=status-" + run + "-" + name,
                "--ledgerline.kafka.bootstrap-servers=" + BOOTSTRAP,
                "--ledgerline.registry.url=" + REGISTRY.url(),
                "--ledgerline.processor.application-id=status-lookup-" + run,
                "--ledgerline.processor.state-dir=" + stateDir.resolve(name),
                "--ledgerline.saga.enabled=false");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ProcessorConfiguration.RunningProcessor processor(ConfigurableApplicationContext context) {
        return context.getBean(ProcessorConfiguration.RunningProcessor.class);
    }

    private static void awaitRunning(ConfigurableApplicationContext context) {
        await("the command processor to run", () -> processor(context).state() == KafkaStreams.State.RUNNING);
    }

    /** Account ids of this run, the first that lands on each partition of {@code ledger.commands}. */
    private static List<String> accountPerPartition(String run) {
        int partitions;
        try (KafkaProducer<byte[], byte[]> probe = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArraySerializer",
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                "org.apache.kafka.common.serialization.ByteArraySerializer"))) {
            partitions = probe.partitionsFor(Topics.COMMANDS.name()).size();
        }
        String[] byPartition = new String[partitions];
        int found = 0;
        for (int i = 0; found < partitions; i++) {
            String account = "acc-status-" + run + "-" + i;
            // The producer's default partitioner for a keyed record.
            int partition = Utils.toPositive(Utils.murmur2(account.getBytes(StandardCharsets.UTF_8))) % partitions;
            if (byPartition[partition] == null) {
                byPartition[partition] = account;
                found++;
            }
        }
        return List.of(byPartition);
    }

    private static void produce(KafkaProducer<String, SpecificRecord> producer, String commandId,
            AccountCommand command) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add(LedgerHeaders.COMMAND_ID, commandId.getBytes(StandardCharsets.UTF_8));
        CommandEnvelope envelope = new CommandEnvelope(new CommandMetadata(commandId, null, Instant.now()), command);
        producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), null, command.aggregateId(),
                CommandMapper.toAvro(envelope), headers)).get();
    }

    /** Polls until the status URL answers 200 (a rebalance may answer 503 meanwhile), then checks the answer. */
    private void awaitStatus(ConfigurableApplicationContext instance, String commandId, String status, long version) {
        await(commandId + " at " + uri(instance, ""), () -> get(instance, "/api/commands/" + commandId)
                .statusCode() == 200);
        JsonNode answer = JSON.readTree(get(instance, "/api/commands/" + commandId).body());
        assertThat(answer.get("commandId").asString()).isEqualTo(commandId);
        assertThat(answer.get("status").asString()).isEqualTo(status);
        assertThat(answer.get("version").asLong()).isEqualTo(version);
    }

    private HttpResponse<String> get(ConfigurableApplicationContext instance, String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri(instance, path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(ConfigurableApplicationContext instance, String path) {
        return URI.create("http://127.0.0.1:" + instance.getEnvironment().getProperty("local.server.port") + path);
    }

    private static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(condition);
    }
}
