package io.ledgerline.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.internals.DefaultStreamPartitioner;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

    @Test
    void givenAnyKey_whenPartitioned_thenSameAsKafkaStreamsDefaultPartitioner() {
        DefaultStreamPartitioner<String, Object> streams = new DefaultStreamPartitioner<>(Serdes.String().serializer());
        for (int i = 0; i < 5_000; i++) {
            String key = i % 2 == 0 ? "acc-" + i : UUID.randomUUID() + "-é-" + i;
            for (int partitions = 1; partitions <= 13; partitions++) {
                assertThat(Optional.of(Set.of(RoutingTable.partition(key, partitions))))
                        .as("%s among %d partitions", key, partitions)
                        .isEqualTo(streams.partitions("ledger.events", key, null, new RecordHeaders(), partitions));
            }
        }
    }
}
