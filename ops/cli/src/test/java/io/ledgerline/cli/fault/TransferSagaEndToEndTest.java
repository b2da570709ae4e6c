package io.ledgerline.cli.fault;

import io.ledgerline.cli.OpsFixture;
import io.ledgerline.command.processing.CommandProcessorConfig;
import io.ledgerline.command.processing.CommandProcessorStreams;
import io.ledgerline.command.saga.SagaStreams;
import io.ledgerline.command.saga.SagaStreamsConfig;
import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfer saga end to end (issue 4) on the embedded broker with the real registry, the real command processor
 * and the real saga, each its own Streams application in this JVM: 50 accounts (5 frozen), 1,000 transfers of which
 * 10 % target a frozen account and 10 % lack funds, sent by a Kafka producer. Then {@link TransferAudit}: every
 * transfer settled once and as expected, every compensation exactly once, no negative balance, money conserved.
 */
class TransferSagaEndToEndTest {

    private static final Logger log = LoggerFactory.getLogger(TransferSagaEndToEndTest.class);
    private static final Duration ALL_SETTLED = Duration.ofSeconds(240);

    private static String bootstrap;
    private static String registryUrl;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBrokerRegistryAndTopics() throws Exception {
        bootstrap = SharedEmbeddedKafka.bootstrapServersWithLedgerTopics();
        registryUrl = OpsFixture.registryUrl();
    }

    @Test
    void givenThousandTransfers_whenProcessorAndSagaRun_thenEverySettlesOnceAndMoneyIsConserved() throws Exception {
        long seed = new Random().nextLong();
        TransferLoad load = TransferLoad.generate(run, 50, 5, 1_000, seed);
        log.info("saga e2e run {}: seed {}", run, seed);
        SchemaRegistryClient registryClient = SchemaRegistryClients.create(registryUrl, Map.of());
        OpsFixture.startAtEnd("saga-e2e-processor-" + run, Topics.COMMANDS.name());
        KafkaStreams processor = CommandProcessorStreams.create(CommandProcessorConfig
                .defaults(bootstrap, registryUrl).withApplicationId("saga-e2e-processor-" + run)
                .withStateDir(stateDir.resolve("processor")));
        processor.start();
        try (SagaStreams saga = SagaStreams.start(SagaStreamsConfig.defaults(bootstrap, registryUrl)
                        .withApplicationId("saga-e2e-" + run).withStateDir(stateDir.resolve("saga"))
                        // As the command service runs it: deadlines wait while the processor has a backlog.
                        .withPipelineWatch("saga-e2e-processor-" + run, SagaStreamsConfig.DEFAULT_STALL_AFTER,
                                SagaStreamsConfig.DEFAULT_WATCH_INTERVAL),
                Duration.ofSeconds(30));
                TransferDriver driver = new TransferDriver(bootstrap, registryClient, load)) {
            long start = System.nanoTime();
            driver.send(load.setup());
            driver.send(load.transfers());
            Deadline deadline = new Deadline(ALL_SETTLED);
            driver.awaitSettled(load.transfers().size(), deadline,
                    () -> "processor " + processor.state() + ", saga " + saga.streams().state());
            log.info("saga e2e run {}: {} transfers settled in {} ms", run, load.transfers().size(),
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
            TransferAudit.check(load, driver.readToEnd(deadline));
        } finally {
            processor.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
            registryClient.close();
        }
    }
}
