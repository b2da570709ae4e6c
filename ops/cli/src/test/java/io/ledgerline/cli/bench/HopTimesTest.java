package io.ledgerline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.devkit.Await;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The hop readers on a broker of the test's own (records that are no commands or events would be dead letters for
 * every other test's processors on the shared one): only sampled transfers are followed, a whole chain is seven hops.
 */
class HopTimesTest {

    @Test
    void givenTheEightRecordsOfASampledTransfer_whenReported_thenSevenHopsOfOneCompleteChain() throws Exception {
        String prefix = "hop-test-" + UUID.randomUUID() + "-l-";
        try (BenchCluster cluster = BenchCluster.embedded(1);
                HopTimes hops = new HopTimes(cluster.bootstrapServers(), prefix, 2);
                KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                        new StringSerializer(), new StringSerializer())) {
            assertThat(hops.follow(prefix + "0")).isTrue();
            assertThat(hops.follow(prefix + "1")).isFalse();
            assertThat(hops.follow("another-run-l-0")).isFalse();
            for (String transferId : new String[] {prefix + "0", prefix + "1"}) {
                send(producer, Topics.COMMANDS.name(), transferId, "request");
                send(producer, Topics.EVENTS.name(), transferId, "request");
                send(producer, Topics.COMMANDS.name(), transferId, "debit");
                send(producer, Topics.TRANSFER_ANSWERS.name(), transferId, "debit");
                send(producer, Topics.COMMANDS.name(), transferId, "credit");
                send(producer, Topics.TRANSFER_ANSWERS.name(), transferId, "credit");
                send(producer, Topics.COMMANDS.name(), transferId, "complete");
                send(producer, Topics.EVENTS.name(), transferId, "complete");
            }
            producer.flush();

            Await.until("the followed transfer's chain", Duration.ofSeconds(30),
                    () -> hops.report().get("complete").equals(1));
            Map<String, Object> report = hops.report();
            assertThat(report).containsEntry("followed", 1);
            @SuppressWarnings("unchecked")
            Map<String, Object> hopsMillis = (Map<String, Object>) report.get("hopsMillis");
            assertThat(hopsMillis).hasSize(7)
                    .containsKeys("2 DebitForTransfer (saga)", "7 TransferCompleted (processor)");
            assertThat((Map<?, ?>) report.get("slowestPercentMeanHopMillis")).hasSize(7);
        }
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String transferId, String step) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, transferId, "x");
        record.headers().add(LedgerHeaders.COMMAND_ID, (transferId + ":" + step).getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }
}
