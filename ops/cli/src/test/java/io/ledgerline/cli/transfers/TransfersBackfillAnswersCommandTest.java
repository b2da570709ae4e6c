package io.ledgerline.cli.transfers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.account.AccountEvent.TransferCredited;
import io.ledgerline.account.AccountEvent.TransferDebited;
import io.ledgerline.cli.OpsFixture;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.EventMetadata;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import io.ledgerline.transfer.TransferEvent.TransferCompleted;
import io.ledgerline.transfer.TransferEvent.TransferRequested;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * {@code transfers backfill-answers} on the embedded broker: a log as written before ADR 0035 (answers only in
 * {@code ledger.events}) gets the answers of its unsettled transfers copied, once, as the processor writes them.
 */
class TransfersBackfillAnswersCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String source = "acc-bf-a-" + run;
    private final String target = "acc-bf-b-" + run;
    /** Debited, no answer copied yet: in flight at the upgrade. */
    private final String inFlight = "tr-bf-open-" + run;
    /** Completed: nothing to copy. */
    private final String settled = "tr-bf-done-" + run;
    /** Debited after the upgrade: its answer is in both topics already. */
    private final String upgraded = "tr-bf-new-" + run;

    @Test
    void givenPreUpgradeLog_whenBackfilled_thenUnsettledAnswersCopiedOnce_andDryRunWritesNothing() throws Exception {
        try (KafkaProducer<String, SpecificRecord> producer = OpsFixture.eventProducer()) {
            append(producer, inFlight, new TransferRequested(inFlight, source, target, 100, "EUR", "bf"), 1);
            append(producer, source, new TransferDebited(source, inFlight, 100, "EUR"), 1);
            append(producer, settled, new TransferRequested(settled, source, target, 200, "EUR", "bf"), 1);
            append(producer, source, new TransferDebited(source, settled, 200, "EUR"), 2);
            append(producer, target, new TransferCredited(target, settled, 200, "EUR"), 1);
            append(producer, settled, new TransferCompleted(settled), 2);
            append(producer, upgraded, new TransferRequested(upgraded, source, target, 300, "EUR", "bf"), 1);
            TransferDebited debited = new TransferDebited(source, upgraded, 300, "EUR");
            append(producer, source, debited, 3);
            producer.send(record(Topics.TRANSFER_ANSWERS.name(), upgraded, debited, 3)).get();
        }

        OpsFixture.Run dryRun = OpsFixture.run("transfers", "backfill-answers", "--dry-run", "--json");

        assertThat(dryRun.exit()).as(dryRun.err()).isZero();
        assertThat(ours(dryRun)).extracting(node -> node.path("transferId").asText() + " "
                + node.path("step").asText() + " " + node.path("event").asText() + " "
                + node.path("copied").asBoolean()).containsExactly(inFlight + " DEBIT TransferDebited false");
        assertThat(answersFor(inFlight)).isEmpty();

        OpsFixture.Run backfill = OpsFixture.run("transfers", "backfill-answers", "--json");

        assertThat(backfill.exit()).as(backfill.err()).isZero();
        assertThat(ours(backfill)).extracting(node -> node.path("transferId").asText() + " "
                + node.path("copied").asBoolean()).containsExactly(inFlight + " true");
        ConsumerRecord<byte[], byte[]> original = eventsOf(source).stream()
                .filter(r -> new String(r.value(), StandardCharsets.ISO_8859_1).contains(inFlight)).findFirst()
                .orElseThrow();
        List<ConsumerRecord<byte[], byte[]>> copies = answersFor(inFlight);
        assertThat(copies).hasSize(1);
        ConsumerRecord<byte[], byte[]> copy = copies.get(0);
        assertThat(copy.value()).isEqualTo(original.value());
        assertThat(copy.timestamp()).isEqualTo(original.timestamp());
        assertThat(copy.headers().lastHeader(LedgerHeaders.CORRELATION_ID).value())
                .isEqualTo(original.headers().lastHeader(LedgerHeaders.CORRELATION_ID).value());
        int partitions = OpsFixture.endOffsets(Topics.TRANSFER_ANSWERS.name()).size();
        assertThat(copy.partition()).as("co-partitioned with the transfer's own events")
                .isEqualTo(Utils.toPositive(Utils.murmur2(inFlight.getBytes(StandardCharsets.UTF_8))) % partitions);
        assertThat(answersFor(settled)).isEmpty();
        assertThat(answersFor(upgraded)).hasSize(1);

        OpsFixture.Run again = OpsFixture.run("transfers", "backfill-answers", "--json");

        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(ours(again)).isEmpty();
        assertThat(answersFor(inFlight)).hasSize(1);
    }

    private void append(KafkaProducer<String, SpecificRecord> producer, String key, LedgerEvent event, long version)
            throws Exception {
        producer.send(record(Topics.EVENTS.name(), key, event, version)).get();
    }

    private ProducerRecord<String, SpecificRecord> record(String topic, String key, LedgerEvent event, long version) {
        String commandId = key + ":" + version;
        EventEnvelope envelope = new EventEnvelope(new EventMetadata(commandId + ":0", version, Instant.now(),
                commandId), event);
        ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(topic, key, EventMapper.toAvro(envelope));
        record.headers().add(LedgerHeaders.CORRELATION_ID, ("corr-" + run).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** The answers this run's transfers got in the command's JSON lines (the summary and other tests' left out). */
    private List<JsonNode> ours(OpsFixture.Run run) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : run.lines()) {
            JsonNode node = JSON.readTree(line);
            if (node.path("transferId").asText().endsWith(this.run)) {
                nodes.add(node);
            }
        }
        return nodes;
    }

    private static List<ConsumerRecord<byte[], byte[]>> answersFor(String transferId) throws Exception {
        return readAll(Topics.TRANSFER_ANSWERS.name(), transferId);
    }

    private static List<ConsumerRecord<byte[], byte[]>> eventsOf(String accountId) throws Exception {
        return readAll(Topics.EVENTS.name(), accountId);
    }

    /** The committed records of {@code topic} with key {@code key}. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, String key) throws Exception {
        return OpsFixture.readCommitted(topic).stream()
                .filter(record -> record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8)))
                .toList();
    }
}
