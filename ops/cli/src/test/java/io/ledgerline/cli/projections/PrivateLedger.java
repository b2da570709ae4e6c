package io.ledgerline.cli.projections;

import io.ledgerline.cli.OpsFixture;
import io.ledgerline.cli.dev.DevSettings;
import io.ledgerline.cli.dev.DevStack;
import io.ledgerline.query.QueryServiceApplication;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.serde.AvroSerializer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.Banner;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A broker and registry of one test's own (the dev stack), so that its {@code ledger.events} holds only the test's
 * events and every projection version can be built from offset zero, as in production: on the shared broker the log
 * of a whole test run is too long to replay, and its totals are everyone's.
 */
final class PrivateLedger implements AutoCloseable {

    private final DevStack stack;

    PrivateLedger(Path dir, int partitions) throws Exception {
        stack = DevStack.start(new DevSettings(dir.resolve("data"), 0, 0, partitions, 0));
    }

    String bootstrapServers() {
        return stack.bootstrapServers();
    }

    String registryUrl() {
        return stack.registryUrl();
    }

    /** Runs the CLI in this JVM against this broker and registry. */
    OpsFixture.Run run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--bootstrap-server", stack.bootstrapServers(), "--registry-url", stack.registryUrl()));
        return OpsFixture.runExactly(all.toArray(String[]::new));
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }

    /** A producer of Avro events keyed by aggregate id, as the command processor writes them. */
    KafkaProducer<String, SpecificRecord> eventProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
                new AvroSerializer<>(SchemaRegistryClients.create(stack.registryUrl(), Map.of()), true));
    }

    KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A query service whose base version is {@code applicationId}, following {@code controlTopic}. */
    ConfigurableApplicationContext startQueryService(String applicationId, String controlTopic, Path stateDir) {
        return QueryServiceApplication.builder().bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .registerShutdownHook(false)
                .run("--server.port=0", "--ledgerline.kafka.bootstrap-servers=" + stack.bootstrapServers(),
                        "--ledgerline.registry.url=" + stack.registryUrl(),
                        "--ledgerline.projections.application-id=" + applicationId,
                        "--ledgerline.projections.control-topic=" + controlTopic,
                        "--ledgerline.projections.state-dir=" + stateDir,
                        // A short read wait makes the grace before a dropped version closes short too.
                        "--ledgerline.reads.max-wait=1s", "--ledgerline.reads.default-wait=1s");
    }

    @Override
    public void close() {
        stack.close();
    }
}
