package io.ledgerline.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.avro.event.MoneyDeposited;
import io.ledgerline.avro.event.MoneyWithdrawn;
import io.ledgerline.serde.AvroDeserializer;
import io.ledgerline.serde.AvroSerde;
import io.ledgerline.serde.AvroSerializer;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Once warm, the serdes make no HTTP request: the stub counts them. */
class CachingSchemaRegistryClientTest {

    private static final String TOPIC = "ledger.events";

    private final RegistryStub stub = new RegistryStub();

    CachingSchemaRegistryClientTest() throws IOException {
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void aWarmCacheServesSerializingAndDeserializingWithoutHttp() {
        SchemaRegistryClient registry = SchemaRegistryClients.create(stub.url(), Map.of());
        AvroSerde<MoneyDeposited> warmUp = new AvroSerde<>(MoneyDeposited.class, registry, true);
        warmUp.deserializer().deserialize(TOPIC, warmUp.serializer().serialize(TOPIC, deposited(0)));
        int requestsToWarmUp = stub.requestCount();

        // Fresh serde instances have no state of their own: everything they need comes from the client's caches.
        AvroSerde<MoneyDeposited> serde = new AvroSerde<>(MoneyDeposited.class, registry, true);
        for (int i = 1; i <= 1_000; i++) {
            byte[] bytes = serde.serializer().serialize(TOPIC, deposited(i));
            assertThat(serde.deserializer().deserialize(TOPIC, bytes).getAmount()).isEqualTo(i);
        }

        assertThat(requestsToWarmUp).isEqualTo(1);
        assertThat(stub.requestCount()).isEqualTo(requestsToWarmUp);
    }

    @Test
    void aLookedUpIdIsCachedToo() {
        SchemaRegistryClient registry = SchemaRegistryClients.create(stub.url(), Map.of());
        registry.register(TOPIC + "-" + MoneyDeposited.getClassSchema().getFullName(),
                MoneyDeposited.getClassSchema());
        int afterRegistering = stub.requestCount();

        for (int i = 0; i < 3; i++) {
            new AvroSerializer<MoneyDeposited>(registry, false).serialize(TOPIC, deposited(i));
        }

        assertThat(stub.requestCount()).as("one lookup").isEqualTo(afterRegistering + 1);
    }

    @Test
    void aReaderFetchesEachWriterSchemaOnce() {
        SchemaRegistryClient writer = SchemaRegistryClients.create(stub.url(), Map.of());
        byte[] deposited = new AvroSerializer<MoneyDeposited>(writer, true).serialize(TOPIC, deposited(1));
        byte[] withdrawn = new AvroSerializer<MoneyWithdrawn>(writer, true).serialize(TOPIC, withdrawn());
        int afterWriting = stub.requestCount();
        SchemaRegistryClient reader = SchemaRegistryClients.create(stub.url(), Map.of());

        for (int i = 0; i < 3; i++) {
            AvroDeserializer<SpecificRecord> deserializer = new AvroDeserializer<>(SpecificRecord.class, reader);
            deserializer.deserialize(TOPIC, deposited);
            deserializer.deserialize(TOPIC, withdrawn);
        }

        assertThat(stub.requestCount()).as("two GET /schemas/ids").isEqualTo(afterWriting + 2);
        assertThat(stub.requests().subList(afterWriting, afterWriting + 2))
                .allSatisfy(request -> assertThat(request.path()).startsWith("/schemas/ids/"));
    }

    @Test
    void theCachesAreBounded() {
        BoundedCache<Integer, String> cache = new BoundedCache<>(3);
        for (int i = 0; i < 10; i++) {
            cache.put(i, "v" + i);
        }

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get(9)).isEqualTo("v9");
    }

    @Test
    void deletingASubjectForgetsItsIdsButNotItsSchemas() {
        SchemaRegistryClient registry = new CachingSchemaRegistryClient(new InMemorySchemaRegistry(), 10);
        String subject = TOPIC + "-" + MoneyDeposited.getClassSchema().getFullName();
        int id = registry.register(subject, MoneyDeposited.getClassSchema());

        registry.deleteSubject(subject);

        assertThat(registry.lookup(subject, MoneyDeposited.getClassSchema())).isEmpty();
        assertThat(registry.schemaById(id)).isEqualTo(MoneyDeposited.getClassSchema());
    }

    private static MoneyDeposited deposited(long amount) {
        return MoneyDeposited.newBuilder().setEventId("c:" + amount).setVersion(amount + 1)
                .setOccurredAt(Instant.ofEpochMilli(1_764_000_000_000L)).setCommandId("c").setAccountId("acc-1")
                .setAmount(amount).setCurrency("EUR").setReference(null).build();
    }

    private static MoneyWithdrawn withdrawn() {
        return MoneyWithdrawn.newBuilder().setEventId("w:0").setVersion(2)
                .setOccurredAt(Instant.ofEpochMilli(1_764_000_000_000L)).setCommandId("w").setAccountId("acc-1")
                .setAmount(1).setCurrency("EUR").setReference(null).build();
    }
}
