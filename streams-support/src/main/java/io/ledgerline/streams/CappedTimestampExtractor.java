package io.ledgerline.streams;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * A record's time is its producer's timestamp, but never later than now and never missing. Stream time drives the
 * expiry of windowed stores (the command processor's remembered command ids, for one), so one record stamped in the
 * far future would otherwise expire everything at once; a record without a timestamp takes the partition's time.
 */
public final class CappedTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long now = System.currentTimeMillis();
        long timestamp = record.timestamp();
        if (timestamp < 0) {
            return partitionTime >= 0 ? partitionTime : now;
        }
        return Math.min(timestamp, now);
    }
}
