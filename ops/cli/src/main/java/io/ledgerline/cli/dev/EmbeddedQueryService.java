package io.ledgerline.cli.dev;

import io.ledgerline.query.QueryServiceApplication;
import java.nio.file.Path;
import org.springframework.boot.Banner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The query service (projections and the REST read-model API) inside the dev process, pointed at the dev stack's
 * broker and registry. Its state stores live under the dev data dir, so they survive restarts with the log.
 */
public final class EmbeddedQueryService implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private EmbeddedQueryService(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts the service and returns once it serves HTTP; its projections start right after. */
    public static EmbeddedQueryService start(DevStack stack, int port, Path stateDir) {
        ConfigurableApplicationContext context = QueryServiceApplication.builder()
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                // The dev process stops its parts in order itself (DevCommand's shutdown hook).
                .registerShutdownHook(false)
                // As command-line arguments: they outrank the service's query-service.properties.
                .run("--server.port=" + port,
                        "--ledgerline.kafka.bootstrap-servers=" + stack.bootstrapServers(),
                        "--ledgerline.registry.url=" + stack.registryUrl(),
                        "--ledgerline.projections.state-dir=" + stateDir.toAbsolutePath());
        return new EmbeddedQueryService(context);
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
