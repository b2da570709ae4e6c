package io.ledgerline.query;

import io.ledgerline.topics.TopicSetup;
import io.ledgerline.topics.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Kafka wiring of the query service: the ledger topics and the projection control topic (created when missing:
 * Streams refuses to start without its source topic) and the projections, started once the web server listens ({@link ProjectionsRunner}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QueryProperties.class)
class ProjectionsConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionsConfiguration.class);

    @Bean
    ProjectionsRunner projectionsRunner(QueryProperties properties) throws InterruptedException, TimeoutException {
        QueryProperties.Topics topics = properties.topics();
        if (topics.createMissing()) {
            Map<String, Object> config = new HashMap<>(properties.kafka().client());
            config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, properties.kafka().bootstrapServers());
            try (Admin admin = Admin.create(config)) {
                List<String> created = new ArrayList<>(TopicSetup.createMissing(admin, Topics.LEDGER,
                        Optional.ofNullable(topics.partitions()), topics.replicationFactor(),
                        properties.kafka().startTimeout()));
                // The control topic has one partition whatever the deployment's count (one order for all records).
                created.addAll(TopicSetup.createMissing(admin, List.of(ProjectionsRunner.controlTopic(properties)),
                        Optional.empty(), topics.replicationFactor(), properties.kafka().startTimeout()));
                if (!created.isEmpty()) {
                    LOG.info("Created topics {}", created);
                }
            }
        }
        return new ProjectionsRunner(properties);
    }
}
