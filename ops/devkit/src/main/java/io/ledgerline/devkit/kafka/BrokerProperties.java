package io.ledgerline.devkit.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server properties of the embedded broker: one node that is both broker and controller, with a static
 * one-voter quorum, and replication settings that a single node can satisfy (transactions included).
 */
final class BrokerProperties {

    static final int NODE_ID = 1;
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private BrokerProperties() {
    }

    /**
     * @param logDir         absolute data directory, also the metadata log directory
     * @param port           the client listener's port, already resolved (never 0)
     * @param controllerPort the controller listener's port, already resolved (never 0)
     */
    static Map<String, String> of(EmbeddedKafkaConfig config, Path logDir, int port, int controllerPort) {
        String host = config.host();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        // A static quorum (kraft.version 0): the voter's address lives in the configuration, not in the formatted
        // storage, so a restart may take a different free controller port.
        props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", CLIENT_LISTENER);
        props.put("listeners",
                CLIENT_LISTENER + "://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        props.put("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + port);
        props.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("metadata.log.dir", logDir.toString());

        props.put("num.partitions", Integer.toString(config.partitions()));
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner's default 128 MiB dedupe buffer is sized for production logs; dev and test compacted topics
        // (_schemas, changelogs) are tiny and the broker shares its heap with the services and the tests.
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));

        // With transactions v2 the first batch of a partition in a new transaction is checked with the transaction
        // coordinator, which answers CONCURRENT_TRANSACTIONS while the previous commit's markers are still being
        // written; the broker retries that check itself in steps of this backoff (Kafka's default 20 ms, up to
        // add.partitions.to.txn.retry.backoff.max.ms, 100 ms). On one node the markers take a few milliseconds, so
        // a 20 ms step held most such batches (and the commit waiting for them) longer than needed (ADR 0039).
        props.put("add.partitions.to.txn.retry.backoff.ms", "5");

        props.putAll(config.brokerProperties());
        return props;
    }
}
