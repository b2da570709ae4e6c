package io.ledgerline.cli.reset;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.cli.OpsFixture;
import io.ledgerline.devkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code reset} of an application of its own: an input topic of five records with offsets committed at 5, a changelog
 * and a repartition topic, and an unrelated topic that only shares the prefix.
 */
class ResetCommandTest {

    private String application;
    private String input;

    @BeforeEach
    void applicationThatReadEverything() throws Exception {
        application = OpsFixture.uniqueTopic("app");
        input = OpsFixture.createTopic("reset-input", 1);
        try (Admin admin = OpsFixture.admin()) {
            admin.createTopics(List.of(
                    new NewTopic(application + "-balances-changelog", 1, (short) 1),
                    new NewTopic(application + "-KSTREAM-KEY-SELECT-0000000002-repartition", 1, (short) 1),
                    new NewTopic(application + "-audit", 1, (short) 1)))
                    .all().get(OpsFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, OpsFixture.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(input, "k" + i, "v" + i));
            }
            producer.flush();
        }
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.commitSync(Map.of(new TopicPartition(input, 0), new OffsetAndMetadata(5)));
        }
    }

    @Test
    void givenDryRun_whenReset_thenPlanPrintedAndNothingChanged() throws Exception {
        OpsFixture.Run run = OpsFixture.run("reset", application, "--dry-run");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).containsExactly(
                "would reset " + input + "-0 from 5 to 0",
                "would delete " + application + "-KSTREAM-KEY-SELECT-0000000002-repartition",
                "would delete " + application + "-balances-changelog");
        assertThat(committed()).isEqualTo(5);
        assertThat(topics()).contains(application + "-balances-changelog");
    }

    @Test
    void whenReset_thenOffsetsEarliestAndInternalTopicsGone() throws Exception {
        OpsFixture.Run run = OpsFixture.run("reset", application, "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(3);
        assertThat(committed()).isZero();
        Await.until("the changelog deleted", OpsFixture.WAIT,
                () -> !topics().contains(application + "-balances-changelog"));
        assertThat(topics()).contains(application + "-audit")
                .doesNotContain(application + "-KSTREAM-KEY-SELECT-0000000002-repartition");
    }

    @Test
    void givenActiveMember_whenReset_thenRefusedAndNothingChanged() throws Exception {
        try (KafkaConsumer<String, String> member = consumer()) {
            member.subscribe(List.of(input));
            long deadline = System.nanoTime() + OpsFixture.WAIT.toNanos();
            while (member.assignment().isEmpty()) {
                assertThat(System.nanoTime()).as("joined within %s", OpsFixture.WAIT).isLessThan(deadline);
                member.poll(Duration.ofMillis(100));
            }

            OpsFixture.Run run = OpsFixture.run("reset", application);

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).startsWith("ledgerline reset: refusing to reset " + application
                    + " while it has 1 active member(s)");
        }
        assertThat(topics()).contains(application + "-balances-changelog");
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, OpsFixture.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, application,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "reset-test-" + UUID.randomUUID()),
                new StringDeserializer(), new StringDeserializer());
    }

    private long committed() throws Exception {
        try (Admin admin = OpsFixture.admin()) {
            return admin.listConsumerGroupOffsets(application).partitionsToOffsetAndMetadata()
                    .get(OpsFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS).get(new TopicPartition(input, 0)).offset();
        }
    }

    private java.util.Set<String> topics() throws Exception {
        try (Admin admin = OpsFixture.admin()) {
            return admin.listTopics().names().get(OpsFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
