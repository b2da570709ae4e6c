package io.ledgerline.devkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaPortTest {

    @TempDir
    Path dataDir;

    @Test
    void givenPortTaken_whenStarted_thenFailsNamingThePortAndLeavesDataDirUnformatted() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            EmbeddedKafka broker = new EmbeddedKafka(EmbeddedKafkaConfig.defaults().withDataDir(dataDir).withPort(port));

            assertThatThrownBy(broker::start)
                    .isInstanceOf(KafkaPortInUseException.class)
                    .hasMessageContaining("Kafka port " + port + " on 127.0.0.1 is already in use")
                    .satisfies(e -> assertThat(((KafkaPortInUseException) e).port()).isEqualTo(port));
            assertThat(broker.isRunning()).isFalse();
            assertThat(Files.exists(dataDir.resolve("meta.properties"))).isFalse();
        }
    }
}
