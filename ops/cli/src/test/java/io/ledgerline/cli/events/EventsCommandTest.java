package io.ledgerline.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.cli.OpsFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code events get|tail} against the embedded broker and registry: ten accounts, opened then funded. */
class EventsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static String topic;

    @BeforeAll
    static void tenAccountsOpenedThenFunded() throws Exception {
        topic = OpsFixture.createTopic("events", 6);
        try (KafkaProducer<String, SpecificRecord> producer = OpsFixture.eventProducer()) {
            // Timestamps rise within each partition, as the command processor writes them.
            for (int i = 0; i < 10; i++) {
                Instant opened = T0.plusSeconds(i);
                producer.send(new ProducerRecord<>(topic, null, opened.toEpochMilli(), "acc-" + i,
                        OpsFixture.opened("acc-" + i, opened)));
            }
            for (int i = 0; i < 10; i++) {
                Instant funded = T0.plusSeconds(100 + i);
                producer.send(new ProducerRecord<>(topic, null, funded.toEpochMilli(), "acc-" + i,
                        OpsFixture.deposited("acc-" + i, 100 * (i + 1), funded)));
            }
            producer.flush();
        }
    }

    @Test
    void givenAggregate_whenGet_thenOnlyItsEventsFromItsPartition() throws Exception {
        OpsFixture.Run run = OpsFixture.run("events", "get", "--topic", topic, "--aggregate", "acc-3", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> events = parse(run);
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly("AccountOpened", "MoneyDeposited");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("key").asText()).isEqualTo("acc-3");
            assertThat(e.get("partition").asInt()).isEqualTo(KeyPartition.of("acc-3", 6));
        });
        assertThat(events.get(1).get("fields").get("amount").asLong()).isEqualTo(400);
        assertThat(events.get(1).get("fields").get("occurredAt").asText()).isEqualTo("2026-01-01T00:01:43Z");
    }

    @Test
    void givenType_whenGet_thenOnlyThatType() throws Exception {
        OpsFixture.Run run = OpsFixture.run("events", "get", "--topic", topic, "--type", "moneydeposited", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(parse(run)).hasSize(10)
                .allSatisfy(e -> assertThat(e.get("type").asText()).isEqualTo("MoneyDeposited"));
    }

    @Test
    void givenTimeRange_whenGet_thenOnlyEventsInside() throws Exception {
        OpsFixture.Run run = OpsFixture.run("events", "get", "--topic", topic, "--json",
                "--from-time", T0.plusSeconds(2).toString(), "--to-time", T0.plusSeconds(5).toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(parse(run)).extracting(e -> e.get("key").asText())
                .containsExactlyInAnyOrder("acc-2", "acc-3", "acc-4");
    }

    @Test
    void givenLimit_whenGet_thenStopsThere() {
        OpsFixture.Run run = OpsFixture.run("events", "get", "--topic", topic, "--limit", "4");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(4).allSatisfy(line -> assertThat(line).contains(topic + "-"));
        assertThat(run.err()).contains("4 event(s)");
    }

    @Test
    void givenFromBeginningAndLimit_whenTail_thenFirstEventsThenStops() throws Exception {
        OpsFixture.Run run = OpsFixture.run("events", "tail", "--topic", topic, "--from-beginning", "--limit", "3",
                "--type", "AccountOpened", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(parse(run)).hasSize(3)
                .allSatisfy(e -> assertThat(e.get("type").asText()).isEqualTo("AccountOpened"));
    }

    @Test
    void givenMissingTopic_whenGet_thenOneLineErrorAndExit1() {
        OpsFixture.Run run = OpsFixture.run("events", "get", "--topic", OpsFixture.uniqueTopic("missing"));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("ledgerline get: topic cli-test-missing-").contains("does not exist");
    }

    private static List<JsonNode> parse(OpsFixture.Run run) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : run.lines()) {
            events.add(JSON.readTree(line));
        }
        return events;
    }
}
