package io.ledgerline.cli.events;

import io.ledgerline.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which events {@code events tail|get} print: by aggregate, type and time, and how many at most. */
final class EventSelection {

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Topic to read (default: ledger.events, the log of record).")
    String topic;

    @Option(names = "--aggregate", paramLabel = "ID",
            description = "Only events of this aggregate (the record key: an account or a transfer id). Reads only "
                    + "the partition the key hashes to (murmur2, as Kafka's default partitioner).")
    String aggregate;

    @Option(names = "--type", paramLabel = "TYPE", split = ",",
            description = "Only these event types, e.g. MoneyDeposited,TransferRequested (any case).")
    List<String> types = List.of();

    @Option(names = "--from-time", paramLabel = "INSTANT",
            description = "Only events at or after this time (ISO-8601, e.g. 2026-11-28T17:00:00Z); reading starts "
                    + "there (offsetsForTimes).")
    Instant fromTime;

    @Option(names = "--to-time", paramLabel = "INSTANT", description = "Only events before this time (ISO-8601).")
    Instant toTime;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after printing N events.")
    Long limit;

    String topic() {
        return topic == null ? Topics.EVENTS.name() : topic;
    }

    Optional<String> aggregate() {
        return Optional.ofNullable(aggregate);
    }

    long limit() {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, not " + limit);
        }
        return limit == null ? Long.MAX_VALUE : limit;
    }

    boolean inTime(long timestamp) {
        return (fromTime == null || timestamp >= fromTime.toEpochMilli())
                && (toTime == null || timestamp < toTime.toEpochMilli());
    }

    boolean ofType(String type) {
        return types.isEmpty() || types.stream().anyMatch(wanted -> wanted.equalsIgnoreCase(type));
    }
}
