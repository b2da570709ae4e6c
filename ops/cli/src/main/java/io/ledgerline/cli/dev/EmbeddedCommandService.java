package io.ledgerline.cli.dev;

import io.ledgerline.command.CommandServiceApplication;
import java.nio.file.Path;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The command service (REST command API, the command processor and the transfer saga) inside the dev process, pointed at the dev
 * stack's broker and registry. Its state stores live under the dev data dir, so they survive restarts with the log.
 */
public final class EmbeddedCommandService implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private EmbeddedCommandService(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts the service and returns once it serves HTTP and its processor and saga are started. */
    public static EmbeddedCommandService start(DevStack stack, int port, Path stateDir) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CommandServiceApplication.class)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                // The dev process stops its parts in order itself (DevCommand's shutdown hook).
                .registerShutdownHook(false)
                // As command-line arguments: they outrank the service's application.properties.
                .run("--server.port=" + port,
                        "--ledgerline.kafka.bootstrap-servers=" + stack.bootstrapServers(),
                        "--ledgerline.registry.url=" + stack.registryUrl(),
                        "--ledgerline.processor.state-dir=" + stateDir.toAbsolutePath(),
                        // Its own application id, so its stores get their own directory beside the processor's.
                        "--ledgerline.saga.state-dir=" + stateDir.toAbsolutePath());
        return new EmbeddedCommandService(context);
    }

    public String url() {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        context.close();
    }
}
