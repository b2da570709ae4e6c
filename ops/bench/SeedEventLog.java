// Appends N MoneyDeposited events, keyed by ACCOUNTS account ids, to ledger.events of a running cluster: the log that
// `ledgerline events get --aggregate` is timed on (docs/BENCHMARKS.md). Run with the CLI's class path:
//   java -cp 'ops/cli/target/ledgerline-cli.jar:ops/cli/target/lib/*' ops/bench/SeedEventLog.java \
//       BOOTSTRAP REGISTRY_URL [N=1000000] [ACCOUNTS=10000]
import io.ledgerline.avro.event.MoneyDeposited;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.serde.AvroSerializer;
import io.ledgerline.topics.Topics;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

class SeedEventLog {

    public static void main(String[] args) {
        String bootstrap = args[0];
        String registry = args[1];
        long count = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000;
        int accounts = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        long started = System.nanoTime();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new AvroSerializer<>(SchemaRegistryClients.create(registry, Map.of()), true))) {
            Instant at = Instant.now();
            for (long i = 0; i < count; i++) {
                String account = "acc-" + (i % accounts);
                producer.send(new ProducerRecord<>(Topics.EVENTS.name(), account, MoneyDeposited.newBuilder()
                        .setEventId("seed-" + i + ":0").setVersion(i / accounts + 1).setOccurredAt(at)
                        .setCommandId("seed-" + i).setAccountId(account).setAmount(100 + i % 1000)
                        .setCurrency("EUR").setReference("seed").build()));
            }
            producer.flush();
        }
        System.out.printf("%d events in %.1f s%n", count, (System.nanoTime() - started) / 1e9);
    }
}
