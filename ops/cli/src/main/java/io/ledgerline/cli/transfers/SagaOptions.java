package io.ledgerline.cli.transfers;

import io.ledgerline.command.saga.SagaStreamsConfig;
import picocli.CommandLine.Option;

/** Which transfer saga application the {@code transfers} commands address. */
final class SagaOptions {

    @Option(names = "--application-id", defaultValue = SagaStreamsConfig.DEFAULT_APPLICATION_ID, paramLabel = "ID",
            description = "The saga's Streams application id, ledgerline.saga.application-id (default: "
                    + "${DEFAULT-VALUE}).")
    String applicationId;
}
