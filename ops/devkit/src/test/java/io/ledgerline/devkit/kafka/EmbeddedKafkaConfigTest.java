package io.ledgerline.devkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaConfigTest {

    @Test
    void defaults_areTheDevModeBroker() {
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.defaults();

        assertThat(config.dataDir()).isEqualTo(Path.of("data", "kafka"));
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(9092);
        assertThat(config.partitions()).isEqualTo(6);
        assertThat(config.brokerProperties()).isEmpty();
    }

    @Test
    void brokerProperties_areASingleNodeCombinedBrokerAndControllerWithReplicationFactorOne() {
        Map<String, String> props = BrokerProperties.of(EmbeddedKafkaConfig.defaults(), Path.of("/data/kafka"), 9092, 40001);

        assertThat(props)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:40001")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:40001")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
                .containsEntry("log.dirs", "/data/kafka")
                .containsEntry("num.partitions", "6")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void extraBrokerProperties_overrideTheDefaults() {
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.defaults()
                .withPartitions(12)
                .withBrokerProperty("num.partitions", "3")
                .withBrokerProperty("log.retention.ms", "-1");

        Map<String, String> props = BrokerProperties.of(config, Path.of("/data/kafka"), 9092, 40001);

        assertThat(props).containsEntry("num.partitions", "3").containsEntry("log.retention.ms", "-1");
    }

    @Test
    void invalidValues_areRefusedWithTheValue() {
        assertThatThrownBy(() -> EmbeddedKafkaConfig.defaults().withPort(70_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
        assertThatThrownBy(() -> EmbeddedKafkaConfig.defaults().withPartitions(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("num.partitions");
    }
}
