package io.ledgerline.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ProjectionConfigTest {

    @Test
    void givenDefaults_whenStreamsConfigured_thenOnlyTheRestoreConsumerPollsLarger() {
        StreamsConfig streams = new StreamsConfig(
                ProjectionConfig.defaults("localhost:9092", "mock://projection-config").streamsProperties());

        Map<String, Object> restore = streams.getRestoreConsumerConfigs("restore");
        assertThat(restore)
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        Integer.toString(ProjectionConfig.RESTORE_MAX_POLL_RECORDS))
                .containsEntry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                        Integer.toString(ProjectionConfig.RESTORE_MAX_PARTITION_FETCH_BYTES));
        Map<String, Object> main = streams.getMainConsumerConfigs("group", "main", 0);
        assertThat(main.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)).hasToString("1000");
        assertThat(main).doesNotContainKey(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG);
    }

    @Test
    void givenAnOverride_whenStreamsConfigured_thenTheOverrideWins() {
        String key = StreamsConfig.restoreConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
        ProjectionConfig config = ProjectionConfig.defaults("localhost:9092", "mock://projection-config")
                .withStreamsOverrides(Map.of(key, "500"));

        assertThat(new StreamsConfig(config.streamsProperties()).getRestoreConsumerConfigs("restore"))
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    }
}
