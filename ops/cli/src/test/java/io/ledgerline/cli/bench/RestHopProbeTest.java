package io.ledgerline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.devkit.Await;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * The probe inside the command service: the six moments of a followed command, told apart by topic and callback,
 * written as one line once all are seen; records of other topics are not moments.
 */
class RestHopProbeTest {

    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempDirectory("rest-hop-probe-").resolve("hops.txt");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // Read when the probe's class is first used: this test is its only user in the test JVM.
        System.setProperty(RestHopProbe.FILE, FILE.toString());
        System.setProperty(RestHopProbe.SAMPLE, "1");
    }

    @Test
    void givenTheSixCallbacksOfOneCommand_whenSeen_thenOneLineWithSixMoments() throws Exception {
        RestHopProbe probe = new RestHopProbe();
        String commandId = "probe-test-command";
        RecordHeaders headers = new RecordHeaders();
        headers.add(LedgerHeaders.COMMAND_ID, commandId.getBytes(StandardCharsets.UTF_8));

        probe.onSend(new ProducerRecord<>(Topics.EVENTS.name(), null, "acc-1", "event", headers));
        probe.onSend(new ProducerRecord<>(Topics.COMMANDS.name(), null, "acc-1", "command", headers));
        probe.onAcknowledgement(metadata(Topics.COMMANDS.name()), null, headers);
        probe.onConsume(records(Topics.COMMANDS.name(), headers));
        probe.onSend(new ProducerRecord<>(Topics.COMMAND_RESULTS.name(), null, commandId, "result", headers));
        probe.onAcknowledgement(metadata(Topics.COMMAND_RESULTS.name()), null, headers);
        probe.onConsume(records(Topics.COMMAND_RESULTS.name(), headers));

        Await.until("the probe's line", Duration.ofSeconds(10), () -> Files.exists(FILE)
                && Files.readAllLines(FILE).stream().anyMatch(line -> line.startsWith(commandId + " ")));
        String line = Files.readAllLines(FILE).stream().filter(l -> l.startsWith(commandId + " ")).findFirst()
                .orElseThrow();
        long[] moments = RestHops.parse(line);
        assertThat(moments).hasSize(RestHops.MOMENTS).doesNotContain(0L);
        assertThat(moments[RestHops.SENT]).isLessThanOrEqualTo(moments[RestHops.ACKED]);
        assertThat(moments[RestHops.FLUSHED]).isLessThanOrEqualTo(moments[RestHops.RECEIVED]);
    }

    private static RecordMetadata metadata(String topic) {
        return new RecordMetadata(new TopicPartition(topic, 0), 0, 0, 0, 0, 0);
    }

    private static ConsumerRecords<Object, Object> records(String topic, RecordHeaders headers) {
        ConsumerRecord<Object, Object> record = new ConsumerRecord<>(topic, 0, 0, 0, TimestampType.CREATE_TIME, 0, 0,
                "key", "value", headers, Optional.empty());
        return new ConsumerRecords<>(Map.of(new TopicPartition(topic, 0), List.of(record)), Map.of());
    }
}
