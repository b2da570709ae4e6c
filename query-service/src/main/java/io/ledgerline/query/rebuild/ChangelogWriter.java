package io.ledgerline.query.rebuild;

import io.ledgerline.query.account.AccountView;
import io.ledgerline.query.account.AccountViewCodec;
import io.ledgerline.query.activity.DailyActivity;
import io.ledgerline.query.activity.DailyActivityCodec;
import io.ledgerline.query.portfolio.Portfolio;
import io.ledgerline.query.portfolio.PortfolioCodec;
import io.ledgerline.query.projection.BinarySerde;
import io.ledgerline.query.rebuild.Changelogs.Store;
import io.ledgerline.query.statement.StatementEntry;
import io.ledgerline.query.statement.StatementEntryCodec;
import io.ledgerline.query.totals.LedgerTotal;
import io.ledgerline.query.totals.TotalsCodecs;
import io.ledgerline.query.transfer.TransferView;
import io.ledgerline.query.transfer.TransferViewCodec;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.internals.WindowKeySchema;

/**
 * Writes read models to a version's changelogs as the version's stores would log them: String keys in UTF-8, values
 * in the stores' {@link BinarySerde} formats, the daily activity under the window store's changelog key (the key,
 * the window start, a sequence number of 0: {@code WindowKeySchema.toStoreKeyBinary}, Streams' own code), each in
 * the partition of the task that owns the key: the input partition for the events sub-topology's stores, the
 * producer's default partitioner on the key (murmur2) behind the repartition topics, as Streams' sinks without a
 * partitioner leave it to the producer. A failed send fails {@link #flush}.
 */
final class ChangelogWriter {

    private static final BinarySerde<AccountView> ACCOUNTS = new BinarySerde<>(new AccountViewCodec());
    private static final BinarySerde<StatementEntry> LINES = new BinarySerde<>(new StatementEntryCodec());
    private static final BinarySerde<DailyActivity> DAYS = new BinarySerde<>(new DailyActivityCodec());
    private static final BinarySerde<Portfolio> PORTFOLIOS = new BinarySerde<>(new PortfolioCodec());
    private static final BinarySerde<LedgerTotal> TOTALS = new BinarySerde<>(new TotalsCodecs.Total());
    private static final BinarySerde<TransferView> TRANSFERS = new BinarySerde<>(new TransferViewCodec());

    private final Producer<byte[], byte[]> producer;
    private final String applicationId;
    private final int inputPartitions;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final LongAdder written = new LongAdder();
    // One per writer, not one per record: a statement line is sent per event.
    private final Map<Store, String> topics = new EnumMap<>(Store.class);
    private final Callback failed = (metadata, error) -> {
        if (error != null) {
            failure.compareAndSet(null, error);
        }
    };

    ChangelogWriter(Producer<byte[], byte[]> producer, String applicationId, int inputPartitions) {
        this.producer = producer;
        this.applicationId = applicationId;
        this.inputPartitions = inputPartitions;
        for (Store store : Store.values()) {
            topics.put(store, Changelogs.topic(applicationId, store));
        }
    }

    void line(int partition, String key, StatementEntry entry, long timestamp) {
        send(Store.STATEMENTS, partition, utf8(key), LINES.encode(entry), timestamp);
    }

    void account(ProjectionFold.Placed placed) {
        send(Store.ACCOUNTS, placed.partition(), utf8(placed.view().accountId()), ACCOUNTS.encode(placed.view()),
                placed.timestamp());
    }

    void day(int partition, String accountId, long windowStart, ProjectionFold.Stamped<DailyActivity> activity) {
        byte[] key = WindowKeySchema.toStoreKeyBinary(Bytes.wrap(utf8(accountId)), windowStart, 0).get();
        send(Store.ACTIVITY, partition, key, DAYS.encode(activity.value()), activity.timestamp());
    }

    void portfolio(String customerId, ProjectionFold.Stamped<Portfolio> portfolio) {
        byte[] key = utf8(customerId);
        send(Store.PORTFOLIOS, byKey(key), key, PORTFOLIOS.encode(portfolio.value()), portfolio.timestamp());
    }

    void total(LedgerTotal total, long timestamp) {
        send(Store.TOTALS, 0, utf8(total.currency()), TOTALS.encode(total), timestamp);
    }

    void transfer(String transferId, ProjectionFold.Stamped<TransferView> view) {
        byte[] key = utf8(transferId);
        send(Store.TRANSFERS, byKey(key), key, TRANSFERS.encode(view.value()), view.timestamp());
    }

    /** Records sent so far. */
    long written() {
        return written.sum();
    }

    /** Waits until every record sent is acknowledged; fails with the first send that failed. */
    void flush() {
        producer.flush();
        Exception first = failure.get();
        if (first != null) {
            throw new IllegalStateException("writing the changelogs of " + applicationId + ": " + first.getMessage(),
                    first);
        }
    }

    private int byKey(byte[] key) {
        return BuiltInPartitioner.partitionForKey(key, inputPartitions);
    }

    private void send(Store store, int partition, byte[] key, byte[] value, long timestamp) {
        if (failure.get() != null) {
            flush();
        }
        producer.send(new ProducerRecord<>(topics.get(store), partition, timestamp, key, value), failed);
        written.increment();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
