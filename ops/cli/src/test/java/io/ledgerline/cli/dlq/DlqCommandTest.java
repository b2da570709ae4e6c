package io.ledgerline.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.cli.OpsFixture;
import io.ledgerline.serde.AvroSerializer;
import io.ledgerline.streams.DeadLetters;
import io.ledgerline.topics.LedgerHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code dlq list|show|redrive} on a dead-letter topic of its own holding two dead letters: a valid event refused by a
 * bug since fixed (decodable), and bytes that are not the wire format (hex).
 */
class DlqCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private String dlq;
    private String source;

    @BeforeEach
    void twoDeadLetters() throws Exception {
        dlq = OpsFixture.createTopic("dlq", 1);
        source = OpsFixture.createTopic("source", 3);
        byte[] event;
        try (AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>(OpsFixture.registryClient(), true)) {
            event = serializer.serialize(source,
                    OpsFixture.deposited("acc-7", 500, Instant.parse("2026-01-01T00:00:00Z")));
        }
        RecordHeaders original = new RecordHeaders();
        original.add(LedgerHeaders.COMMAND_ID, "cmd-7".getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, OpsFixture.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(dlq, 0, utf8("acc-7"), event, DeadLetters.headers(original, source, 2,
                    41, new IllegalStateException("state store of acc-7 unreadable")))).get();
            producer.send(new ProducerRecord<>(dlq, 0, utf8("acc-8"), new byte[] {7, 7, 7}, DeadLetters.headers(
                    new RecordHeaders(), source, 1, 12, new IllegalArgumentException("garbage bytes")))).get();
        }
    }

    @Test
    void whenList_thenEveryDeadLetterWithItsReason() throws Exception {
        OpsFixture.Run run = OpsFixture.run("dlq", "list", "--topic", dlq, "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> letters = parse(run);
        assertThat(letters).extracting(l -> l.get("errorMessage").asText())
                .containsExactly("state store of acc-7 unreadable", "garbage bytes");
        assertThat(letters.get(0).get("source").get("topic").asText()).isEqualTo(source);
        assertThat(letters.get(0).get("errorClass").asText()).isEqualTo(IllegalStateException.class.getName());
    }

    @Test
    void givenFilter_whenList_thenOnlyMatching() {
        OpsFixture.Run run = OpsFixture.run("dlq", "list", "--topic", dlq, "--filter", "GARBAGE");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).singleElement().asString().startsWith("0:1 ").contains("key=acc-8", "garbage bytes");
    }

    @Test
    void givenDecodableValue_whenShow_thenFieldsAndHeaders() throws Exception {
        OpsFixture.Run run = OpsFixture.run("dlq", "show", "0:0", "--topic", dlq, "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode letter = JSON.readTree(run.out());
        assertThat(letter.get("type").asText()).isEqualTo("MoneyDeposited");
        assertThat(letter.get("fields").get("amount").asLong()).isEqualTo(500);
        assertThat(letter.get("headers").get(LedgerHeaders.COMMAND_ID).asText()).isEqualTo("cmd-7");
    }

    @Test
    void givenUndecodableValue_whenShow_thenHexAndWhy() throws Exception {
        OpsFixture.Run run = OpsFixture.run("dlq", "show", "0:1", "--topic", dlq, "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode letter = JSON.readTree(run.out());
        assertThat(letter.get("valueHex").asText()).isEqualTo("070707");
        assertThat(letter.get("decodeError").asText()).contains("magic byte");
    }

    @Test
    void givenNoSuchOffset_whenShow_thenOneLineErrorAndExit1() {
        OpsFixture.Run run = OpsFixture.run("dlq", "show", "0:99", "--topic", dlq);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("ledgerline show: no dead letter 0:99 in " + dlq);
    }

    @Test
    void givenFixedDeadLetter_whenRedriveTwice_thenSentBackOnce() throws Exception {
        OpsFixture.Run first = OpsFixture.run("dlq", "redrive", "0:0", "--topic", dlq);
        OpsFixture.Run second = OpsFixture.run("dlq", "redrive", "0:0", "--topic", dlq);

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("0:0 -> " + source + " REDRIVEN");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("0:0 -> " + source + " ALREADY_REDRIVEN");
        List<ConsumerRecord<byte[], byte[]>> sent = OpsFixture.readCommitted(source);
        assertThat(sent).singleElement().satisfies(record -> {
            assertThat(record.partition()).as("the partition it was read from").isEqualTo(2);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("acc-7");
            assertThat(header(record, LedgerHeaders.REDRIVEN_FROM)).isEqualTo(dlq + ":0:0");
            assertThat(header(record, LedgerHeaders.COMMAND_ID)).isEqualTo("cmd-7");
            assertThat(record.headers().lastHeader(LedgerHeaders.DLQ_ERROR_MESSAGE)).isNull();
        });
        assertThat(OpsFixture.run("dlq", "list", "--topic", dlq).lines().get(0)).contains("[redriven]");
    }

    @Test
    void givenDryRun_whenRedrive_thenNothingSent() throws Exception {
        OpsFixture.Run run = OpsFixture.run("dlq", "redrive", "--filter", "garbage", "--dry-run", "--topic", dlq);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("0:1 -> " + source + " WOULD_REDRIVE");
        assertThat(OpsFixture.endOffsets(source).values()).containsOnly(0L);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> parse(OpsFixture.Run run) throws Exception {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : run.lines()) {
            parsed.add(JSON.readTree(line));
        }
        return parsed;
    }
}
