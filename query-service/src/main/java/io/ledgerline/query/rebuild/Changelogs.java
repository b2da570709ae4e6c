package io.ledgerline.query.rebuild;

import io.ledgerline.query.account.AccountProjector;
import io.ledgerline.query.activity.ActivityProjector;
import io.ledgerline.query.portfolio.PortfolioProjector;
import io.ledgerline.query.statement.StatementProjector;
import io.ledgerline.query.totals.TotalsCollector;
import io.ledgerline.query.totals.TotalsProjector;
import io.ledgerline.query.transfer.TransferProjector;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The changelog topics of a projection version, as Kafka Streams 4.4 creates them for {@code ProjectionTopology}
 * ({@code InternalTopicManager}, {@code UnwindowedUnversionedChangelogTopicConfig}, {@code
 * WindowedChangelogTopicConfig}): {@code <applicationId>-<store>-changelog}, one partition per task of the store's
 * sub-topology, compacted, with create-time timestamps; the window store's also deletes after its retention plus
 * Streams' default additional retention of one day ({@code windowstore.changelog.additional.retention.ms}); the
 * replication factor is the broker's default (Streams' {@code replication.factor=-1}). Streams accepts an existing
 * internal topic when its partition count is what it expects, and restores a store from its changelog.
 */
final class Changelogs {

    /** Streams' default {@code windowstore.changelog.additional.retention.ms}. */
    static final Duration WINDOW_ADDITIONAL_RETENTION = Duration.ofDays(1);

    /** Where a store's tasks, and so its changelog partitions, come from. */
    enum Tasks {
        /** The events sub-topology: one task per partition of {@code ledger.events}. */
        INPUT,
        /** Behind a repartition topic with as many partitions as {@code ledger.events}, by the read model's key. */
        BY_KEY,
        /** Behind the one-partition by-currency topic. */
        ONE
    }

    enum Store {
        ACCOUNTS(AccountProjector.STORE, Tasks.INPUT),
        STATEMENTS(StatementProjector.STORE, Tasks.INPUT),
        ACTIVITY(ActivityProjector.STORE, Tasks.INPUT),
        PENDING_TOTALS(TotalsCollector.STORE, Tasks.INPUT),
        PORTFOLIOS(PortfolioProjector.STORE, Tasks.BY_KEY),
        TOTALS(TotalsProjector.STORE, Tasks.ONE),
        TRANSFERS(TransferProjector.STORE, Tasks.BY_KEY);

        final String name;
        final Tasks tasks;

        Store(String name, Tasks tasks) {
            this.name = name;
            this.tasks = tasks;
        }
    }

    private Changelogs() {
    }

    static String topic(String applicationId, Store store) {
        return applicationId + "-" + store.name + "-changelog";
    }

    static int partitions(Store store, int inputPartitions) {
        return store.tasks == Tasks.ONE ? 1 : inputPartitions;
    }

    /** Every changelog topic of the version, as Streams would create it. */
    static List<NewTopic> newTopics(String applicationId, int inputPartitions, Duration activityRetention) {
        return Arrays.stream(Store.values()).map(store -> new NewTopic(topic(applicationId, store),
                Optional.of(partitions(store, inputPartitions)), Optional.empty())
                .configs(config(store, activityRetention))).toList();
    }

    static Map<String, String> config(Store store, Duration activityRetention) {
        if (store == Store.ACTIVITY) {
            return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + ","
                            + TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG, Long.toString(Math.addExact(activityRetention.toMillis(),
                            WINDOW_ADDITIONAL_RETENTION.toMillis())),
                    TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
        }
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
    }
}
