package io.ledgerline.cli.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.cli.fault.LedgerAudit.Recorded;
import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Sends a {@link TransferLoad} to {@code ledger.commands} as a Kafka producer would, and reads this run's events
 * back from {@code ledger.events} with {@code read_committed}, decoded, to see which transfers have settled.
 */
final class TransferDriver implements AutoCloseable {

    private final KafkaProducer<String, SpecificRecord> producer;
    private final TopicTail tail;
    private final Deserializer<SpecificRecord> events;
    private final List<Recorded> recorded = new ArrayList<>();

    TransferDriver(String bootstrap, SchemaRegistryClient registry, TransferLoad load) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                Topics.COMMANDS.keySerde().serializer(), Topics.COMMANDS.valueSerde(registry, true).serializer());
        this.tail = new TopicTail(bootstrap, Topics.EVENTS.name(), "read_committed", load::owns);
        this.events = Topics.EVENTS.valueSerde(registry, false).deserializer();
    }

    /** Writes {@code commands} in order (per partition, so per aggregate) and waits until all are acknowledged. */
    void send(List<CommandEnvelope> commands) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (CommandEnvelope command : commands) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(LedgerHeaders.COMMAND_ID, command.meta().commandId().getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), null, command.command().aggregateId(),
                    CommandMapper.toAvro(command), headers), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
        }
        producer.flush();
        assertThat(failure.get()).as("failure sending commands").isNull();
    }

    /** Polls until at least {@code count} transfers have settled; {@code context} explains a timeout. */
    Set<String> awaitSettled(int count, Deadline deadline, Supplier<String> context) {
        Set<String> settled = TransferAudit.settled(recorded);
        while (settled.size() < count) {
            deadline.check(() -> count + " settled transfers, have " + TransferAudit.settled(recorded).size()
                    + "\n" + context.get());
            for (ConsumerRecord<byte[], byte[]> record : tail.poll(Duration.ofMillis(100))) {
                recorded.add(decode(record));
            }
            settled = TransferAudit.settled(recorded);
        }
        return settled;
    }

    /** Everything of this run committed to {@code ledger.events} so far, in offset order per partition. */
    List<Recorded> readToEnd(Deadline deadline) {
        tail.readToEnd(deadline);
        return tail.records().stream().map(this::decode).toList();
    }

    private Recorded decode(ConsumerRecord<byte[], byte[]> record) {
        return new Recorded(new String(record.key(), StandardCharsets.UTF_8),
                EventMapper.fromAvro(events.deserialize(record.topic(), record.value())));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        tail.close();
    }
}
