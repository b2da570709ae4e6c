package io.ledgerline.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
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

    /** ADR 0038: a batch refused while the previous commit's markers are written is re-sent after 10 ms, not 100. */
    @Test
    void givenDefaults_whenStreamsConfigured_thenTheProducerRetriesAfterTenMilliseconds_unlessOverridden() {
        ProjectionConfig defaults = ProjectionConfig.defaults("localhost:9092", "mock://projection-config");
        assertThat(new StreamsConfig(defaults.streamsProperties()).getProducerConfigs("client"))
                .containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "10");

        String key = StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG);
        ProjectionConfig overridden = defaults.withStreamsOverrides(Map.of(key, "100"));
        assertThat(new StreamsConfig(overridden.streamsProperties()).getProducerConfigs("client"))
                .containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");
    }

    /**
     * ADR 0051, 0052: the producer's batches wait for the commit, in batches that hold a commit's worth of records; the
     * linger outlasts a commit cycle whatever the interval, so no batch goes on its own just before the commit.
     */
    @Test
    void givenACommitInterval_whenStreamsConfigured_thenTheProducerLingersLongerThanACommitCycle_unlessOverridden() {
        ProjectionConfig defaults = ProjectionConfig.defaults("localhost:9092", "mock://projection-config");
        assertThat(new StreamsConfig(defaults.streamsProperties()).getProducerConfigs("client"))
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "1000")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
        assertThat(new StreamsConfig(defaults.withCommitInterval(Duration.ofMillis(300)).streamsProperties())
                .getProducerConfigs("client")).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "1000");
        assertThat(new StreamsConfig(defaults.withCommitInterval(Duration.ZERO).streamsProperties())
                .getProducerConfigs("client")).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "1000");

        String key = StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG);
        assertThat(new StreamsConfig(defaults.withStreamsOverrides(Map.of(key, "5")).streamsProperties())
                .getProducerConfigs("client")).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "5");
    }

    @Test
    void givenDefaults_whenEachComponentChanged_thenOnlyThatComponentDiffers() {
        ProjectionConfig defaults = ProjectionConfig.defaults("localhost:9092", "mock://projection-config");

        ProjectionConfig changed = defaults.withApplicationId("projections-v9")
                .withRegistryClient(Map.of("timeout", "1s"))
                .withCommitInterval(Duration.ofMillis(250))
                .withStreamThreads(3)
                .withStandbyReplicas(1)
                .withStateDir(Path.of("/tmp/state"))
                .withActivityRetention(Duration.ofDays(30))
                .withApplicationServer("localhost:8182")
                .withStreamsOverrides(Map.of("poll.ms", "7"))
                .withViewCopyEntries(12);

        assertThat(changed).isEqualTo(new ProjectionConfig("projections-v9", "localhost:9092",
                "mock://projection-config", Map.of("timeout", "1s"), Duration.ofMillis(250), 3, 1,
                Path.of("/tmp/state"), Duration.ofDays(30), "localhost:8182", Map.of("poll.ms", "7"), 12));
        assertThat(defaults.withStreamThreads(2)).isEqualTo(new ProjectionConfig(
                ProjectionConfig.DEFAULT_APPLICATION_ID, "localhost:9092", "mock://projection-config", Map.of(),
                ProjectionConfig.DEFAULT_COMMIT_INTERVAL, 2, 0, null, ProjectionConfig.DEFAULT_ACTIVITY_RETENTION, null,
                Map.of(), ProjectionConfig.DEFAULT_VIEW_COPY_ENTRIES));
    }

    @Test
    void givenAnInvalidChange_whenApplied_thenTheConstructorRefusesIt() {
        ProjectionConfig defaults = ProjectionConfig.defaults("localhost:9092", "mock://projection-config");

        assertThatThrownBy(() -> defaults.withStreamThreads(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamThreads");
        assertThatThrownBy(() -> defaults.withViewCopyEntries(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("viewCopyEntries");
    }
}
