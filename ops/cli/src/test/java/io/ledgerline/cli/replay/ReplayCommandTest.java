package io.ledgerline.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.cli.OpsFixture;
import io.ledgerline.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay} of a slice of a log of its own: twenty deposits, one a second, to five accounts. The shared broker's
 * {@code ledger.events} must end every test with the end offsets it started with.
 */
class ReplayCommandTest {

    private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");
    private static String log;

    @TempDir
    Path dir;

    @BeforeAll
    static void twentyDeposits() throws Exception {
        log = OpsFixture.createTopic("replay-log", 3);
        try (KafkaProducer<String, SpecificRecord> producer = OpsFixture.eventProducer()) {
            for (int i = 0; i < 20; i++) {
                Instant at = T0.plusSeconds(i);
                String account = "acc-" + (i % 5);
                producer.send(new ProducerRecord<>(log, null, at.toEpochMilli(), account,
                        OpsFixture.deposited(account, i + 1, at)));
            }
            producer.flush();
        }
    }

    @Test
    void givenTimeSlice_whenReplayToTopic_thenExactlyTheSliceAndLedgerEventsUntouched() throws Exception {
        Map<TopicPartition, Long> ledgerBefore = OpsFixture.endOffsets(Topics.EVENTS.name());
        String sandbox = OpsFixture.uniqueTopic("sandbox");

        OpsFixture.Run run = OpsFixture.run("replay", "--topic", log, "--from-time", T0.plusSeconds(5).toString(),
                "--to-time", T0.plusSeconds(15).toString(), "--to-topic", sandbox);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("replayed 10 event(s) of " + log);
        assertThat(OpsFixture.endOffsets(sandbox).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(10);
        assertThat(OpsFixture.endOffsets(Topics.EVENTS.name())).isEqualTo(ledgerBefore);
    }

    @Test
    void givenAggregate_whenReplayToFile_thenItsEventsOfTheSliceAsNdjson() throws Exception {
        Map<TopicPartition, Long> ledgerBefore = OpsFixture.endOffsets(Topics.EVENTS.name());
        Path file = dir.resolve("acc-2.ndjson");

        OpsFixture.Run run = OpsFixture.run("replay", "--topic", log, "--from-time", T0.toString(),
                "--to-time", T0.plusSeconds(20).toString(), "--aggregate", "acc-2", "--to-file", file.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(4).allSatisfy(line -> assertThat(line)
                .contains("\"key\":\"acc-2\"", "\"type\":\"MoneyDeposited\""));
        assertThat(lines.get(0)).contains("\"amount\":3");
        assertThat(OpsFixture.endOffsets(Topics.EVENTS.name())).isEqualTo(ledgerBefore);
    }

    @Test
    void givenLedgerTopicAsTarget_whenReplay_thenRefusedAndNothingWritten() throws Exception {
        Map<TopicPartition, Long> ledgerBefore = OpsFixture.endOffsets(Topics.EVENTS.name());

        OpsFixture.Run run = OpsFixture.run("replay", "--topic", log, "--from-time", T0.toString(),
                "--to-time", T0.plusSeconds(20).toString(), "--to-topic", Topics.EVENTS.name());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("ledgerline replay: refusing to replay into ledger.events");
        assertThat(OpsFixture.endOffsets(Topics.EVENTS.name())).isEqualTo(ledgerBefore);
    }
}
