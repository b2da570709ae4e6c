package io.ledgerline.cli.events;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition Kafka's producer puts a String-keyed record in: the default partitioner takes murmur2 of the
 * serialized key, made positive, modulo the partition count. Every Ledgerline producer keys by aggregate id with
 * that partitioner, so an aggregate's events are all in this one partition.
 */
public final class KeyPartition {

    private KeyPartition() {
    }

    public static int of(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
