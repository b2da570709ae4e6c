package io.ledgerline.command.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The saga's start-up look for its former stores' changelog topics (ADR 0049), on the embedded broker. */
class FormerChangelogsTest {

    private static Admin admin;
    private final String application = "former-changelogs-" + UUID.randomUUID().toString().substring(0, 8);

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
    void givenAnApplicationThatNeverHadThem_thenNoneIsPresent() throws Exception {
        create(application + "-transfer-sagas-changelog", "other-" + application + "-transfer-saga-deadlines-changelog");

        assertThat(FormerChangelogs.present(admin, application)).isEmpty();
    }

    @Test
    void givenTheFormerChangelogs_thenEachStillThereIsNamed() throws Exception {
        create(application + "-transfer-saga-status-counts-changelog");

        assertThat(FormerChangelogs.present(admin, application))
                .containsExactly(application + "-transfer-saga-status-counts-changelog");

        create(application + "-transfer-saga-deadlines-changelog");

        assertThat(FormerChangelogs.present(admin, application)).containsExactly(
                application + "-transfer-saga-deadlines-changelog",
                application + "-transfer-saga-status-counts-changelog");
    }

    /** Creates the topics and waits until the broker lists them (its metadata follows the controller). */
    private static void create(String... topics) throws Exception {
        admin.createTopics(Arrays.stream(topics).map(topic -> new NewTopic(topic, 1, (short) 1)).toList())
                .all().get(30, TimeUnit.SECONDS);
        Awaitility.await("topics listed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(List.of(topics)));
    }
}
