package io.ledgerline.query;

import io.ledgerline.query.projection.ProjectionConfig;
import io.ledgerline.query.projection.Projections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Starts the projections once the web server listens: only then is this instance's port, and so its
 * {@code application.server} ({@link #self()}), known to tell the other instances. Until then (and after close)
 * {@link #current()} is empty and reads answer 503. Closed, leaving the group, when the context closes, which is
 * after the web server has stopped taking requests.
 */
public final class ProjectionsRunner implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionsRunner.class);

    private final QueryProperties properties;
    private final AtomicReference<Projections> projections = new AtomicReference<>();
    private volatile HostInfo self;

    ProjectionsRunner(QueryProperties properties) {
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            // A management server on a port of its own: not the port other instances forward reads to.
            return;
        }
        self = new HostInfo(properties.routing().advertisedHost(), event.getWebServer().getPort());
        QueryProperties.Projections settings = properties.projections();
        Map<String, Object> overrides = new HashMap<>(properties.kafka().client());
        ProjectionConfig config = ProjectionConfig
                .defaults(properties.kafka().bootstrapServers(), properties.registry().url())
                .withApplicationId(settings.applicationId())
                .withRegistryClient(properties.registry().client())
                .withCommitInterval(settings.commitInterval())
                .withStreamThreads(settings.streamThreads())
                .withStandbyReplicas(settings.standbyReplicas())
                .withActivityRetention(settings.activityRetention())
                .withApplicationServer(self.host() + ":" + self.port())
                .withStreamsOverrides(overrides);
        if (settings.stateDir() != null) {
            config = config.withStateDir(settings.stateDir());
        }
        Projections started = Projections.create(config, settings.closeTimeout());
        started.start();
        projections.set(started);
        LOG.info("Projections {} started; this instance is {}:{}", settings.applicationId(), self.host(),
                self.port());
    }

    public Optional<Projections> current() {
        return Optional.ofNullable(projections.get());
    }

    /** This instance as the others know it; null until the web server listens. */
    public HostInfo self() {
        return self;
    }

    @Override
    public void destroy() {
        Projections running = projections.getAndSet(null);
        if (running != null) {
            running.close();
        }
    }
}
