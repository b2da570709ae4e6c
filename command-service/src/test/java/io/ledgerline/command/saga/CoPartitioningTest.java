package io.ledgerline.command.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The saga's start-up check that its inputs have one partition count (ADR 0035), on the embedded broker. */
class CoPartitioningTest {

    private static Admin admin;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void connect() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedEmbeddedKafka.bootstrapServersWithLedgerTopics()));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void givenTheLedgerTopics_thenTheSagaInputsShareOnePartitionCount() {
        assertThat(CoPartitioning.require(admin, SagaTopology.INPUTS, 30_000)).isPositive();
    }

    @Test
    void givenInputsWithOneCount_thenThatCountIsReturned() throws Exception {
        List<String> topics = create(4, 4, 4);

        assertThat(CoPartitioning.require(admin, topics, 30_000)).isEqualTo(4);
    }

    @Test
    void givenAnInputWithAnotherCount_thenTheStartIsRefusedNamingEachTopicsCount() throws Exception {
        List<String> topics = create(6, 6, 3);

        assertThatThrownBy(() -> CoPartitioning.require(admin, topics, 30_000))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one partition count")
                .hasMessageContaining(topics.get(0) + "=6")
                .hasMessageContaining(topics.get(2) + "=3");
    }

    @Test
    void givenAnInputThatStaysMissing_thenTheStartIsRefusedOnceTheTimeoutHasPassed() {
        assertThatThrownBy(() -> CoPartitioning.require(admin, List.of("co-partitioning-missing-" + run), 1_000))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("co-partitioning-missing-" + run);
    }

    private List<String> create(int... partitions) throws Exception {
        List<String> names = new ArrayList<>();
        List<NewTopic> topics = new ArrayList<>();
        for (int i = 0; i < partitions.length; i++) {
            String name = "co-partitioning-" + run + "-" + i;
            names.add(name);
            topics.add(new NewTopic(name, partitions[i], (short) 1));
        }
        // Not waited for until described: require describes again while the broker does not know them yet.
        admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        return names;
    }
}
