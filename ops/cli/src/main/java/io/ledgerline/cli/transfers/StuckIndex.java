package io.ledgerline.cli.transfers;

import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.TopicReader;
import io.ledgerline.command.saga.StuckTransfer;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The STUCK transfers of every saga instance, read from the changelog of the saga's STUCK index
 * ({@code <application id>-transfer-saga-stuck-changelog}): each instance's tasks write their part of it in their
 * transactions, so reading it to its end (read_committed) and keeping the last value per transfer is the listing of
 * the whole application, whichever instances run, and without asking any of them (ADR 0032).
 */
final class StuckIndex {

    /** A transfer listed as STUCK; {@code details} is empty for an entry written before the index carried them. */
    record Entry(String transferId, Optional<StuckTransfer> details) {
    }

    private StuckIndex() {
    }

    /** Every transfer the index lists now, longest stuck first (those without details last). */
    static List<Entry> read(Cluster cluster, String applicationId) {
        String topic = StuckTransfer.indexChangelog(applicationId);
        if (!cluster.exists(topic)) {
            throw new IllegalArgumentException("no transfer saga '" + applicationId + "' on this cluster: topic "
                    + topic + " does not exist (see --application-id)");
        }
        Map<String, byte[]> latest = new LinkedHashMap<>();
        TopicReader.readAll(cluster, topic, record -> {
            String transferId = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) {
                latest.remove(transferId);
            } else {
                latest.put(transferId, record.value());
            }
            return true;
        });
        return latest.entrySet().stream()
                .map(e -> new Entry(e.getKey(), StuckTransfer.fromIndexValue(e.getValue())))
                .sorted(Comparator.comparing((Entry e) -> e.details().isEmpty())
                        .thenComparing(e -> e.details().map(StuckTransfer::since).orElse(null),
                                Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Entry::transferId))
                .toList();
    }
}
