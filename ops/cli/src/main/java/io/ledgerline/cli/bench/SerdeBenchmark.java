package io.ledgerline.cli.bench;

import io.ledgerline.avro.event.MoneyDeposited;
import io.ledgerline.registry.CachingSchemaRegistryClient;
import io.ledgerline.registry.InMemorySchemaRegistry;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.serde.AvroDeserializer;
import io.ledgerline.serde.AvroSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Serialize + deserialize of one typical event, single thread: through Ledgerline's serde (wire-format header,
 * registry id cache, bounded decoding) and, as the baseline, plain Avro binary with {@code SpecificDatumWriter} and
 * {@code SpecificDatumReader}. Both reuse their encoder and decoder, return a fresh byte array from encoding and a
 * fresh record from decoding, so the difference is the wire format's cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SerdeBenchmark {

    private static final String TOPIC = "ledger.events";

    private MoneyDeposited event;
    private AvroSerializer<MoneyDeposited> serializer;
    private AvroDeserializer<MoneyDeposited> deserializer;

    private SpecificDatumWriter<MoneyDeposited> writer;
    private SpecificDatumReader<MoneyDeposited> reader;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    @Setup
    public void setUp() {
        event = MoneyDeposited.newBuilder()
                .setEventId("3f1c2a9e-8b7d-4c21-9f0e-5a6b7c8d9e0f:0")
                .setVersion(42)
                .setOccurredAt(Instant.ofEpochMilli(1_764_000_000_000L))
                .setCommandId("3f1c2a9e-8b7d-4c21-9f0e-5a6b7c8d9e0f")
                .setAccountId("acc-000123")
                .setAmount(125_000)
                .setCurrency("EUR")
                .setReference("November rent")
                .build();
        SchemaRegistryClient registry = new CachingSchemaRegistryClient(new InMemorySchemaRegistry(), 1_000);
        serializer = new AvroSerializer<>(registry, true);
        deserializer = new AvroDeserializer<>(MoneyDeposited.class, registry);
        // Built here, like the serde's reader, so both belong to the benchmark thread (Avro's GenericDatumReader
        // keeps a fast path for the thread that created it).
        writer = new SpecificDatumWriter<>(MoneyDeposited.class);
        reader = new SpecificDatumReader<>(MoneyDeposited.class);
        encoder = EncoderFactory.get().binaryEncoder(out, null);
        // Warm the caches: the measured loop never reaches the registry.
        if (!event.equals(serdeRoundTrip()) || !event.equals(plainAvroRoundTrip())) {
            throw new IllegalStateException("round trip changed the event");
        }
    }

    @Benchmark
    public MoneyDeposited serdeRoundTrip() {
        return deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, event));
    }

    @Benchmark
    public MoneyDeposited plainAvroRoundTrip() {
        try {
            out.reset();
            writer.write(event, encoder);
            encoder.flush();
            decoder = DecoderFactory.get().binaryDecoder(out.toByteArray(), decoder);
            return reader.read(null, decoder);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
