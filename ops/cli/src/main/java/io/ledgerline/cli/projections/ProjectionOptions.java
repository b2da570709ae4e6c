package io.ledgerline.cli.projections;

import io.ledgerline.topics.Topics;
import picocli.CommandLine.Option;

/** What the projection commands share besides the cluster: the control topic and the query service to ask. */
public final class ProjectionOptions {

    @Option(names = "--query-url", defaultValue = "http://localhost:8082", paramLabel = "URL",
            description = "The query service asked which version serves reads, and to confirm a switch (default: "
                    + "${DEFAULT-VALUE}).")
    String queryUrl;

    @Option(names = "--control-topic", paramLabel = "TOPIC",
            description = "The projection control topic (default: ledger.projection-control; another one only where "
                    + "the query service is configured with ledgerline.projections.control-topic).")
    String controlTopic;

    String queryUrl() {
        return queryUrl;
    }

    String controlTopic() {
        return controlTopic == null ? Topics.PROJECTION_CONTROL.name() : controlTopic;
    }
}
