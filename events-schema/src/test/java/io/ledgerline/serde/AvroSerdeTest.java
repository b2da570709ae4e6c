package io.ledgerline.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.avro.event.MoneyDeposited;
import io.ledgerline.avro.event.MoneyWithdrawn;
import io.ledgerline.registry.InMemorySchemaRegistry;
import io.ledgerline.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private final String scope = "serde-" + UUID.randomUUID();
    private final SchemaRegistryClient registry = InMemorySchemaRegistry.forScope(scope);

    @AfterEach
    void dropScope() {
        InMemorySchemaRegistry.dropScope(scope);
    }

    @Test
    void roundTripsAnEventThroughTheConfluentWireFormat() {
        AvroSerde<MoneyDeposited> serde = new AvroSerde<>(MoneyDeposited.class, registry, true);

        byte[] bytes = serde.serializer().serialize(Events.TOPIC, Events.deposited());

        assertThat(bytes[0]).isZero();
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(registry.schemaById(id)).isEqualTo(MoneyDeposited.getClassSchema());
        assertThat(registry.lookup("ledger.events-io.ledgerline.avro.event.MoneyDeposited",
                MoneyDeposited.getClassSchema())).hasValueSatisfying(found -> assertThat(found.id()).isEqualTo(id));
        assertThat(serde.deserializer().deserialize(Events.TOPIC, bytes)).isEqualTo(Events.deposited());
    }

    @Test
    void roundTripsATestLocalRecordWithBytesArraysAndMaps() {
        Attachment attachment = new Attachment(ByteBuffer.wrap(new byte[] {1, 2, 3}), List.of(1L, -2L, 300L),
                Map.of("EUR", 1250L, "USD", -1L), "héllo");
        AvroSerde<Attachment> serde = new AvroSerde<>(Attachment.class, registry, true);

        Attachment back = serde.deserializer().deserialize("attachments",
                serde.serializer().serialize("attachments", attachment));

        assertThat(back).isEqualTo(attachment);
    }

    @Test
    void readsSeveralRecordTypesFromOneTopicAsSpecificRecord() {
        AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>(registry, true);
        AvroDeserializer<SpecificRecord> deserializer = new AvroDeserializer<>(SpecificRecord.class, registry);

        byte[] deposited = serializer.serialize(Events.TOPIC, Events.deposited());
        byte[] withdrawn = serializer.serialize(Events.TOPIC, Events.withdrawn());

        assertThat(deserializer.deserialize(Events.TOPIC, deposited)).isEqualTo(Events.deposited());
        assertThat(deserializer.deserialize(Events.TOPIC, withdrawn)).isEqualTo(Events.withdrawn());
        assertThat(registry.subjects()).contains("ledger.events-io.ledgerline.avro.event.MoneyDeposited",
                "ledger.events-io.ledgerline.avro.event.MoneyWithdrawn");
    }

    @Test
    void oneSerdeInstanceServesSeveralThreads() throws Exception {
        AvroSerde<SpecificRecord> serde = new AvroSerde<>(SpecificRecord.class, registry, true);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        SpecificRecord event = i % 2 == 0 ? Events.deposited() : Events.withdrawn();
                        byte[] bytes = serde.serializer().serialize(Events.TOPIC, event);
                        assertThat(serde.deserializer().deserialize(Events.TOPIC, bytes)).isEqualTo(event);
                    }
                    return 2_000;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(2_000);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void tombstonesStayNull() {
        AvroSerde<MoneyDeposited> serde = new AvroSerde<>(MoneyDeposited.class, registry, true);

        assertThat(serde.serializer().serialize(Events.TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(Events.TOPIC, (byte[]) null)).isNull();
        assertThat(serde.deserializer().deserialize(Events.TOPIC, new RecordHeaders(), (ByteBuffer) null)).isNull();
    }

    @Test
    void readsInPlaceFromASliceOfALargerBuffer() {
        AvroSerde<MoneyDeposited> serde = new AvroSerde<>(MoneyDeposited.class, registry, true);
        byte[] bytes = serde.serializer().serialize(Events.TOPIC, Events.deposited());
        byte[] framed = new byte[bytes.length + 20];
        System.arraycopy(bytes, 0, framed, 7, bytes.length);
        ByteBuffer slice = ByteBuffer.wrap(framed, 7, bytes.length).slice();

        assertThat(serde.deserializer().deserialize(Events.TOPIC, new RecordHeaders(), slice))
                .isEqualTo(Events.deposited());
        assertThat(serde.deserializer().deserialize(Events.TOPIC, new RecordHeaders(),
                ByteBuffer.allocateDirect(bytes.length).put(bytes).flip())).isEqualTo(Events.deposited());
    }

    @Test
    void withoutAutoRegisterTheSchemaIsLookedUp() {
        AvroSerializer<MoneyDeposited> lookingUp = new AvroSerializer<>(registry, false);

        assertThatThrownBy(() -> lookingUp.serialize(Events.TOPIC, Events.deposited()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not registered under subject ledger.events-io.ledgerline.avro.event.MoneyDeposited");

        int id = registry.register("ledger.events-io.ledgerline.avro.event.MoneyDeposited",
                MoneyDeposited.getClassSchema());
        byte[] bytes = lookingUp.serialize(Events.TOPIC, Events.deposited());
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    }

    @Test
    void aRecordAvroCannotEncodeFailsAndLeavesTheNextRecordIntact() {
        AvroSerde<MoneyDeposited> serde = new AvroSerde<>(MoneyDeposited.class, registry, true);
        MoneyDeposited incomplete = new MoneyDeposited();
        incomplete.setEventId("cmd-9:0");

        assertThatThrownBy(() -> serde.serializer().serialize(Events.TOPIC, incomplete))
                .isInstanceOf(SerializationException.class)
                .isNotInstanceOf(WireFormatException.class)
                .hasMessageContaining("cannot encode io.ledgerline.avro.event.MoneyDeposited");
        byte[] bytes = serde.serializer().serialize(Events.TOPIC, Events.deposited());
        assertThat(serde.deserializer().deserialize(Events.TOPIC, bytes)).isEqualTo(Events.deposited());
    }

    @Test
    void isConfiguredLikeConfluentsSerdeWithAMockUrl() {
        AvroSerde<MoneyWithdrawn> serde = new AvroSerde<>();
        serde.configure(Map.of("schema.registry.url", "mock://" + scope,
                "auto.register.schemas", "true",
                "specific.avro.value.type", MoneyWithdrawn.class.getName()), false);

        byte[] bytes = serde.serializer().serialize(Events.TOPIC, Events.withdrawn());

        assertThat(serde.deserializer().deserialize(Events.TOPIC, bytes)).isEqualTo(Events.withdrawn());
        assertThat(registry.subjects()).containsExactly("ledger.events-io.ledgerline.avro.event.MoneyWithdrawn");
        serde.close();
    }

    @Test
    void plainKafkaClientsConfigureEachHalfOnItsOwn() {
        Map<String, String> config = Map.of("schema.registry.url", "mock://" + scope);
        AvroSerializer<MoneyDeposited> serializer = new AvroSerializer<>();
        AvroDeserializer<SpecificRecord> deserializer = new AvroDeserializer<>();
        serializer.configure(config, false);
        deserializer.configure(config, false);

        assertThat(deserializer.deserialize(Events.TOPIC, serializer.serialize(Events.TOPIC, Events.deposited())))
                .isEqualTo(Events.deposited());
    }

    @Test
    void readsRecordsWrittenWithAnOlderSchemaIntoTheCurrentClass() throws Exception {
        // The first version of MoneyDeposited had no reference; the current class reads it with the default.
        Schema older = new Schema.Parser().parse(MoneyDeposited.getClassSchema().toString()
                .replaceFirst(",\\{\"name\":\"reference\".*?\"default\":null[^}]*}", ""));
        assertThat(older.getField("reference")).isNull();
        int id = registry.register("ledger.events-io.ledgerline.avro.event.MoneyDeposited", older);
        GenericRecord written = new GenericData.Record(older);
        written.put("eventId", "cmd-1:0");
        written.put("version", 3L);
        written.put("occurredAt", 1_764_000_000_000L);
        written.put("commandId", "cmd-1");
        written.put("accountId", "acc-7");
        written.put("amount", 1250L);
        written.put("currency", "EUR");

        MoneyDeposited read = new AvroDeserializer<>(MoneyDeposited.class, registry)
                .deserialize(Events.TOPIC, wire(id, older, written));

        assertThat(read.getAccountId()).isEqualTo("acc-7");
        assertThat(read.getAmount()).isEqualTo(1250L);
        assertThat(read.getReference()).isNull();
    }

    static byte[] wire(int id, Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
