package io.ledgerline.cli.dev;

import io.ledgerline.command.CommandServiceApplication;
import io.ledgerline.command.http.PeerOutcomeServer;
import io.ledgerline.command.status.PeerOutcomes;
import java.nio.file.Path;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The command service (REST command API, the command processor and the transfer saga) inside the dev process,
 * pointed at the dev stack's broker and registry. Its state stores live under the dev data dir, so they survive
 * restarts with the log.
 */
public final class EmbeddedCommandService extends EmbeddedService {

    private EmbeddedCommandService(ConfigurableApplicationContext context) {
        super(context);
    }

    /**
     * Where the other command-service instances ask this one's processor for outcomes: a port of its own, not the
     * public API's (ADR 0030).
     */
    public String internalUrl() {
        return "http://127.0.0.1:" + context().getBean(PeerOutcomeServer.class).address().getPort()
                + PeerOutcomes.PATH;
    }

    /**
     * Starts the service with its API on {@code port} and its peer endpoint on {@code peerPort} (0: any free port)
     * and returns once it serves HTTP and its processor and saga are started.
     */
    public static EmbeddedCommandService start(DevStack stack, int port, int peerPort, Path stateDir) {
        return new EmbeddedCommandService(run(new SpringApplicationBuilder(CommandServiceApplication.class), stack,
                port, "--ledgerline.processor.internal-port=" + peerPort,
                "--ledgerline.processor.state-dir=" + stateDir.toAbsolutePath(),
                // Its own application id, so its stores get their own directory beside the processor's.
                "--ledgerline.saga.state-dir=" + stateDir.toAbsolutePath()));
    }
}
