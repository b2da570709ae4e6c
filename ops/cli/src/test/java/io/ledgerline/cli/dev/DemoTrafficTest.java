package io.ledgerline.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.devkit.Await;
import io.ledgerline.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dev --demo}'s traffic through a real dev stack: accounts seeded, then commands keep coming, events follow. */
class DemoTrafficTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void givenDevStack_whenDemoRuns_thenSeedsAndKeepsSendingCommandsThatBecomeEvents() throws Exception {
        DevSettings settings = new DevSettings(dataDir, 0, 0, 2, 0);
        try (DevStack stack = DevStack.start(settings);
                EmbeddedCommandService commands = EmbeddedCommandService.start(stack, 0, 0,
                        settings.commandStateDir())) {
            long events;
            try (DemoTraffic demo = DemoTraffic.start(commands.url(), Duration.ofMillis(50))) {
                // 6 openings and 6 opening deposits, then at least 10 more commands.
                Await.until("22 commands", WAIT, () -> demo.commands() >= 22);
                events = eventCount(stack.bootstrapServers());
            }
            assertThat(events).isGreaterThanOrEqualTo(20);
        }
    }

    private static long eventCount(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            int partitions = admin.describeTopics(List.of(Topics.EVENTS.name())).allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(Topics.EVENTS.name()).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(Topics.EVENTS.name(), p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }
}
