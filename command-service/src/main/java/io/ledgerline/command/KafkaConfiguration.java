package io.ledgerline.command;

import io.ledgerline.command.gateway.GatewaySettings;
import io.ledgerline.command.gateway.KafkaCommandGateway;
import io.ledgerline.command.http.HttpProperties;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.topics.TopicSetup;
import io.ledgerline.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Kafka wiring of the command API: the registry client, the ledger topics, and the gateway (idempotent producer
 * plus reply listener). Beans close in reverse order of creation after the web server has stopped taking requests,
 * so in-flight requests finish before their replies stop being read.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LedgerlineProperties.class)
class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    /**
     * 1 ms, against the client's default of 5: a REST request waits for its command's send, the processor's
     * commit and the outcome's way back, so the linger is paid by every request, while at a few thousand commands
     * a second spread over the partitions a longer linger batches little more (ADR 0039).
     */
    static final int COMMAND_LINGER_MS = 1;

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    SchemaRegistryClient schemaRegistryClient(LedgerlineProperties properties) {
        return SchemaRegistryClients.create(properties.registry().url(), properties.registry().client());
    }

    /** The ledger topics, created when missing; other beans that need them depend on this one. */
    @Bean
    LedgerTopics ledgerTopics(LedgerlineProperties properties) throws InterruptedException, TimeoutException {
        LedgerlineProperties.Topics topics = properties.topics();
        if (topics.createMissing()) {
            try (Admin admin = Admin.create(clientConfig(properties.kafka(), Map.of()))) {
                List<String> created = TopicSetup.createMissing(admin, Topics.LEDGER, Optional.ofNullable(topics.partitions()),
                        topics.replicationFactor(), properties.kafka().startTimeout());
                if (!created.isEmpty()) {
                    log.info("Created topics {}", created);
                }
            }
        }
        return new LedgerTopics();
    }

    @Bean(destroyMethod = "close")
    KafkaCommandGateway commandGateway(LedgerlineProperties properties, LedgerTopics topics,
            SchemaRegistryClient registry, Clock clock, HttpProperties http) {
        LedgerlineProperties.Kafka kafka = properties.kafka();
        Map<String, Object> producerConfig = clientConfig(kafka, Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "ledgerline-commands-" + properties.instanceId(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, kafka.sendTimeout().toMillis(),
                // delivery.timeout.ms must be >= request.timeout.ms + linger.ms; both are ints.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) kafka.deliveryTimeout().toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(kafka.deliveryTimeout().toMillis() / 2, 30_000L)));
        // A deployment's ledgerline.kafka.client[linger.ms] still wins.
        producerConfig.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, COMMAND_LINGER_MS);
        Producer<String, SpecificRecord> producer = new KafkaProducer<>(producerConfig,
                Topics.COMMANDS.keySerde().serializer(),
                Topics.COMMANDS.valueSerde(registry, properties.registry().autoRegister()).serializer());
        LedgerlineProperties.Commands commands = properties.commands();
        GatewaySettings settings = new GatewaySettings(properties.instanceId(), commands.maxPending(),
                commands.pendingRetention().compareTo(http.maxWait()) > 0 ? commands.pendingRetention()
                        : http.maxWait(),
                commands.recentOutcomes(), kafka.startTimeout(), Duration.ofMinutes(1));
        try {
            return KafkaCommandGateway.start(settings, producer,
                    clientConfig(kafka, Map.of()),
                    Topics.COMMAND_RESULTS.valueSerde(registry, false).deserializer(), clock);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    /** The bootstrap servers and the deployment's client settings, then {@code specific} (which wins). */
    static Map<String, Object> clientConfig(LedgerlineProperties.Kafka kafka, Map<String, Object> specific) {
        Map<String, Object> config = new HashMap<>(kafka.client());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.putAll(specific);
        return config;
    }

    /** Marks that the ledger topics exist (or that their creation is left to the deployment). */
    static final class LedgerTopics {
    }
}
