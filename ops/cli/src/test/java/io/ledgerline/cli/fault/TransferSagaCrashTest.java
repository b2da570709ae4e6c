package io.ledgerline.cli.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.cli.OpsFixture;
import io.ledgerline.command.processing.CommandProcessorConfig;
import io.ledgerline.command.processing.CommandProcessorStreams;
import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saga killed in the middle (issue 4): the same load as {@link TransferSagaEndToEndTest}, the command processor
 * in this JVM, the saga alone in a child JVM (the command service with {@code ledgerline.processor.enabled=false}).
 * Once some but not all transfers have settled the child is killed with SIGKILL (no shutdown hook, no commit, no
 * leaving the group), and a new child starts on the same state directory and application id. Then the same audit:
 * every transfer settled once and as expected, every compensation exactly once, no negative balance, money conserved.
 */
class TransferSagaCrashTest {

    private static final Logger log = LoggerFactory.getLogger(TransferSagaCrashTest.class);
    /** The first child is killed once this many transfers (of 1,000) have settled, plus up to the spread. */
    private static final int KILL_AFTER_SETTLED = 150;
    private static final int KILL_POINT_SPREAD = 500;
    /** The killed member stays in the group until its session times out (Kafka's default 45 s; see RELIABILITY). */
    private static final int SESSION_TIMEOUT_MS = 10_000;
    private static final Duration START_AND_FIRST_SETTLED = Duration.ofSeconds(150);
    private static final Duration RESTART_AND_ALL_SETTLED = Duration.ofSeconds(240);

    private static String bootstrap;
    private static String registryUrl;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<CommandServiceProcess> children = new ArrayList<>();

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBrokerRegistryAndTopics() throws Exception {
        bootstrap = SharedEmbeddedKafka.bootstrapServersWithLedgerTopics();
        registryUrl = OpsFixture.registryUrl();
    }

    @AfterEach
    void killLeftoverChildren() {
        children.forEach(CommandServiceProcess::close);
    }

    @Test
    void givenSagaKilledMidRun_whenRestartedOnItsStateDir_thenEverySettlesOnceAndMoneyIsConserved()
            throws Exception {
        long seed = new Random().nextLong();
        int killAfter = KILL_AFTER_SETTLED + new Random(seed).nextInt(KILL_POINT_SPREAD);
        TransferLoad load = TransferLoad.generate(run, 50, 5, 1_000, seed);
        log.info("saga crash test run {}: kill after {} settled transfers, seed {}", run, killAfter, seed);
        SchemaRegistryClient registryClient = SchemaRegistryClients.create(registryUrl, Map.of());
        OpsFixture.startAtEnd("saga-crash-processor-" + run, Topics.COMMANDS.name());
        KafkaStreams processor = CommandProcessorStreams.create(CommandProcessorConfig
                .defaults(bootstrap, registryUrl).withApplicationId("saga-crash-processor-" + run)
                .withStateDir(stateDir.resolve("processor")));
        processor.start();
        try (TransferDriver driver = new TransferDriver(bootstrap, registryClient, load)) {
            CommandServiceProcess first = startSaga(1);
            driver.send(load.setup());
            driver.send(load.transfers());
            int settledAtKill = driver.awaitSettled(killAfter, new Deadline(START_AND_FIRST_SETTLED),
                    () -> first.tail(40)).size();
            assertThat(settledAtKill).as("settled before the kill").isLessThan(load.transfers().size());
            int exit = first.kill();
            assertThat(exit).as("exit code of the first child (SIGKILL)").isEqualTo(CommandServiceProcess.SIGKILL_EXIT);
            log.info("killed the saga child (pid {}) with SIGKILL after {} settled transfers", first.pid(),
                    settledAtKill);

            long restart = System.nanoTime();
            CommandServiceProcess second = startSaga(2);
            Deadline deadline = new Deadline(RESTART_AND_ALL_SETTLED);
            driver.awaitSettled(load.transfers().size(), deadline, () -> second.tail(40));
            log.info("saga crash test run {}: all {} transfers settled {} ms after the restart began", run,
                    load.transfers().size(), Duration.ofNanos(System.nanoTime() - restart).toMillis());
            TransferAudit.check(load, driver.readToEnd(deadline));
            assertThat(second.isAlive()).as("the second child is running\n%s", second.tail(40)).isTrue();
        } finally {
            processor.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
            registryClient.close();
        }
    }

    /** The command service as the saga alone, on this run's application id and state directory. */
    private CommandServiceProcess startSaga(int instance) {
        CommandServiceProcess child = CommandServiceProcess.start(List.of(
                "server.port=0",
                "spring.main.banner-mode=off",
                "ledgerline.instance-id=saga-crash-" + run + "-" + instance,
                "ledgerline.kafka.bootstrap-servers=" + bootstrap,
                "ledgerline.registry.url=" + registryUrl,
                "ledgerline.processor.enabled=false",
                // Not run here, but watched: the saga's deadlines wait while this processor has commands queued.
                "ledgerline.processor.application-id=saga-crash-processor-" + run,
                "ledgerline.saga.application-id=saga-crash-" + run,
                "ledgerline.saga.state-dir=" + stateDir.resolve("saga"),
                "ledgerline.kafka.client[session.timeout.ms]=" + SESSION_TIMEOUT_MS,
                "logging.level.org.apache.kafka.streams.KafkaStreams=INFO",
                "logging.level.io.ledgerline.command.saga=INFO"),
                Path.of("target", "saga-crash-test", run, "saga-" + instance + ".log"));
        children.add(child);
        log.info("started saga child {} (pid {})", instance, child.pid());
        return child;
    }
}
