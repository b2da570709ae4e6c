package io.ledgerline.command.processing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * A command's record time is its producer's timestamp, but never later than now and never missing. Stream time
 * drives the expiry of remembered command ids, so one command stamped in the far future would otherwise make the
 * processor forget every command id at once; a record without a timestamp takes the partition's time.
 */
final class CappedTimestampExtractor implements TimestampExtractor {

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
