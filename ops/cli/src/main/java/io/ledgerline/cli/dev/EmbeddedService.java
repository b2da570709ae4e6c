package io.ledgerline.cli.dev;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A Spring Boot service inside the dev process, pointed at the dev stack's broker and registry. */
abstract class EmbeddedService implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    EmbeddedService(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Runs {@code service} on {@code port} against {@code stack} with {@code settings}; returns once it serves HTTP. */
    static ConfigurableApplicationContext run(SpringApplicationBuilder service, DevStack stack, int port,
            String... settings) {
        // As command-line arguments: they outrank the service's own properties file.
        List<String> arguments = new ArrayList<>(List.of("--server.port=" + port,
                "--ledgerline.kafka.bootstrap-servers=" + stack.bootstrapServers(),
                "--ledgerline.registry.url=" + stack.registryUrl()));
        arguments.addAll(List.of(settings));
        return service.bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                // The dev process stops its parts in order itself (DevCommand's shutdown hook).
                .registerShutdownHook(false)
                .run(arguments.toArray(String[]::new));
    }

    ConfigurableApplicationContext context() {
        return context;
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
