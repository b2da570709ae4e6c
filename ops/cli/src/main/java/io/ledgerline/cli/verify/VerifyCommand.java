package io.ledgerline.cli.verify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.ClusterOptions;
import io.ledgerline.cli.kafka.Output;
import io.ledgerline.cli.kafka.TopicReader;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.mapping.UnmappableRecordException;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.serde.WireFormatException;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerline verify}: folds {@code ledger.events} from the beginning to the end offsets seen at the start
 * ({@link LedgerFold}, independent of the projections) and compares the fold with every live read model
 * ({@link ReadModelCheck}). Exit 0: consistent; 1: differences (one per line); 3: the check could not be completed
 * (Kafka, the registry or the query service did not answer).
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        exitCodeOnExecutionException = VerifyCommand.CANNOT_VERIFY,
        description = {
            "Fold ledger.events independently of the projections and compare the fold with every live read model "
                    + "(account view, last statement line, customer portfolio, transfer view, ledger totals) and "
                    + "with the conservation invariant: per currency, the sum of balances equals deposits minus "
                    + "withdrawals minus money in flight in pending transfers.",
            "Memory: about 200 bytes per account and 100 bytes per transfer; the events themselves are not kept.",
            "Exit codes: 0 consistent, 1 differences found (one line each), 3 could not verify (Kafka, registry or "
                    + "query service unreachable)."})
public final class VerifyCommand implements Callable<Integer> {

    static final int CANNOT_VERIFY = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--query-url", defaultValue = "http://localhost:8082", paramLabel = "URL",
            description = "The query service's REST API (default: ${DEFAULT-VALUE}).")
    String queryUrl;

    @Option(names = "--wait", defaultValue = "30", paramLabel = "SECONDS",
            description = "How long, in all, to wait for read models that are behind the log before reporting them "
                    + "(default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() {
        if (waitSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--wait must not be negative, not " + waitSeconds);
        }
        Output out = new Output(spec.commandLine().getOut(), cluster.json());
        QueryApi api = new QueryApi(queryUrl, cluster.timeout());
        LedgerFold fold = new LedgerFold();
        long[] undecodable = {0};
        try (Cluster connected = Cluster.connect(cluster)) {
            // Before reading the whole log: an unreachable query service fails at once.
            api.get("/api/ledger/totals", Duration.ZERO);
            Deserializer<SpecificRecord> avro = Topics.EVENTS.valueSerde(connected.registry(), false).deserializer();
            TopicReader.readAll(connected, Topics.EVENTS.name(), record -> {
                EventEnvelope envelope = decode(avro, record);
                if (envelope == null) {
                    undecodable[0]++;
                } else {
                    fold.apply(envelope);
                }
                return true;
            });
        }
        long[] differences = {0};
        ReadModelCheck check = new ReadModelCheck(api, fold, Duration.ofSeconds(waitSeconds), difference -> {
            differences[0]++;
            out.print(difference.json(), difference.text());
        });
        check.run();
        ObjectNode summary = Output.object();
        summary.put("accounts", fold.accounts().size());
        summary.put("transfers", fold.transfers().values().stream().filter(t -> t.requested).count());
        summary.put("currencies", fold.totals().size());
        summary.put("eventsNotApplied", fold.skipped());
        summary.put("recordsNotEvents", undecodable[0]);
        summary.put("movedOn", check.movedOn());
        summary.put("differences", differences[0]);
        out.print(summary, (differences[0] == 0 ? "consistent: " : "INCONSISTENT: ") + differences[0]
                + " difference(s) between " + Topics.EVENTS.name() + " and the read models at " + api.baseUrl()
                + " (" + fold.accounts().size() + " accounts, " + summary.get("transfers") + " transfers, "
                + fold.totals().size() + " currencies; " + fold.skipped() + " events not applied, as the projections"
                + " skip them; " + undecodable[0] + " records that are not events, as the projections dead-letter"
                + " them; " + check.movedOn() + " changed during the check, not compared)");
        return differences[0] == 0 ? 0 : 1;
    }

    /**
     * The event, or null for what the projections dead-letter: a tombstone, bytes that are not an event of ours, a
     * key that is not the event's aggregate id. An unreachable registry is not skipped: it fails the check.
     */
    private static EventEnvelope decode(Deserializer<SpecificRecord> avro, ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        EventEnvelope envelope;
        try {
            envelope = EventMapper.fromAvro(avro.deserialize(record.topic(), record.value()));
        } catch (WireFormatException | UnmappableRecordException e) {
            // Caught before KafkaException: a wire-format error is a SerializationException, yet the record's fault.
            return null;
        } catch (KafkaException e) {
            throw e;
        } catch (RuntimeException e) {
            return null;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return envelope.event().aggregateId().equals(key) ? envelope : null;
    }
}
