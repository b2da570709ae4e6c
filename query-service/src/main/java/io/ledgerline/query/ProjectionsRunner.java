package io.ledgerline.query;

import io.ledgerline.query.projection.ProjectionConfig;
import io.ledgerline.query.projection.Projections;
import io.ledgerline.query.versions.ControlLog;
import io.ledgerline.query.versions.ControlRecord;
import io.ledgerline.query.versions.ReadModel;
import io.ledgerline.query.versions.VersionPlan;
import io.ledgerline.topics.Topic;
import io.ledgerline.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Runs the projection versions (ADR 0021) once the web server listens: only then is this instance's port, and so its
 * {@code application.server} ({@link #self()}), known to tell the other instances.
 *
 * <p>The configured application id ({@code ledgerline-projections-v1}) is the base version; the control topic adds
 * versions (each a Streams application {@code ledgerline-projections-<version>} with its own group, changelogs and
 * state under the state dir), routes each read model's reads to one ({@link #serving}) and drops versions. It is read
 * to its end before anything starts, so a restarted instance starts what the log says, then followed. With an empty
 * control topic this is the single base version as before; so is a missing one, until it is created (then it is
 * followed from its beginning).
 *
 * <p>A dropped version is closed, and its local state deleted, only after a grace period (the longest a read may
 * take here: its wait plus a forwarded read's timeout), so the reads that took it just before the switch finish.
 * Until the projections start (and after close) {@link #serving} is empty and reads answer 503.
 */
public final class ProjectionsRunner implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionsRunner.class);

    private final QueryProperties properties;
    private final Map<String, Projections> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projection-version-closer");
        thread.setDaemon(true);
        return thread;
    });
    private final String prefix;
    private volatile VersionPlan plan;
    private volatile HostInfo self;
    private ProjectionConfig config;
    private ControlLog control;

    ProjectionsRunner(QueryProperties properties) {
        this.properties = properties;
        String applicationId = properties.projections().applicationId();
        int cut = applicationId.lastIndexOf('-') + 1;
        this.prefix = applicationId.substring(0, cut);
        this.plan = VersionPlan.startingWith(applicationId.substring(cut));
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
        ProjectionConfig base = ProjectionConfig
                .defaults(properties.kafka().bootstrapServers(), properties.registry().url())
                .withRegistryClient(properties.registry().client())
                .withCommitInterval(settings.commitInterval())
                .withStreamThreads(settings.streamThreads())
                .withStandbyReplicas(settings.standbyReplicas())
                .withActivityRetention(settings.activityRetention())
                .withViewCopyEntries(settings.viewCopyEntries())
                .withApplicationServer(self.host() + ":" + self.port())
                .withStreamsOverrides(overrides);
        config = settings.stateDir() == null ? base : base.withStateDir(settings.stateDir());
        String topic = controlTopic(properties).name();
        Duration timeout = properties.kafka().startTimeout();
        ControlLog log = new ControlLog(properties.kafka().bootstrapServers(), properties.kafka().client(), topic);
        if (log.exists(timeout)) {
            apply(log.readToEnd(timeout));
        } else {
            LOG.warn("No control topic {}: running only {} until it is created (needed to rebuild projections)",
                    topic, settings.applicationId());
            apply(List.of());
        }
        log.follow(this::apply);
        control = log;
        LOG.info("Projections {} started; this instance is {}:{}", running.keySet(), self.host(), self.port());
    }

    /** The control topic: {@code ledger.projection-control} unless configured otherwise. */
    static Topic<String, String> controlTopic(QueryProperties properties) {
        String name = properties.projections().controlTopic();
        return name == null ? Topics.PROJECTION_CONTROL : Topics.PROJECTION_CONTROL.named(name);
    }

    /** Applies control records: starts the versions now wanted, schedules the close of the dropped ones. */
    private synchronized void apply(List<ControlRecord> records) {
        VersionPlan next = plan;
        for (ControlRecord record : records) {
            next = next.apply(record);
        }
        for (String version : next.running()) {
            running.computeIfAbsent(version, this::start);
        }
        plan = next;
        for (String version : List.copyOf(running.keySet())) {
            if (next.dropped(version)) {
                Projections dropped = running.remove(version);
                long grace = properties.reads().maxWait().plus(properties.routing().timeout()).toMillis();
                LOG.info("Projection version {} dropped: closing it and deleting its local state in {} ms", version,
                        grace);
                closer.schedule(() -> drop(version, dropped), grace, TimeUnit.MILLISECONDS);
            }
        }
        LOG.info("Projection versions running {}, serving {}", running.keySet(), servingApplicationIds());
    }

    private Projections start(String version) {
        Projections started = Projections.create(config.withApplicationId(applicationId(version)),
                properties.projections().closeTimeout());
        started.start();
        LOG.info("Projection version {} ({}) started", version, applicationId(version));
        return started;
    }

    private static void drop(String version, Projections projections) {
        projections.close();
        projections.cleanUp();
        LOG.info("Projection version {} closed and its local state deleted", version);
    }

    private String applicationId(String version) {
        return prefix + version;
    }

    /** The projections that answer reads of {@code store}; empty while they are not running here. */
    public Optional<Projections> serving(String store) {
        return plan.serving(ReadModel.ofStore(store)).map(running::get);
    }

    /**
     * The projections that answer a read of {@code store} forwarded by an instance that served it from the version
     * {@code applicationId} (whose routing chose this instance): that version while it runs here, so a switch that
     * the instances apply a few ms apart does not make the read miss (ADR 0021); else {@link #serving(String)}.
     */
    public Optional<Projections> serving(String store, String applicationId) {
        if (applicationId.startsWith(prefix)) {
            Projections named = running.get(applicationId.substring(prefix.length()));
            if (named != null) {
                return Optional.of(named);
            }
        }
        return serving(store);
    }

    /** Each read model's serving version's application id, for {@code /actuator/info}. */
    public Map<String, String> servingApplicationIds() {
        Map<String, String> ids = new TreeMap<>();
        for (ReadModel model : ReadModel.values()) {
            plan.serving(model).ifPresent(version -> ids.put(model.id(), applicationId(version)));
        }
        return ids;
    }

    /** The versions running here by application id. */
    public Map<String, Projections> running() {
        Map<String, Projections> byId = new TreeMap<>();
        running.forEach((version, projections) -> byId.put(applicationId(version), projections));
        return byId;
    }

    /** This instance as the others know it; null until the web server listens. */
    public HostInfo self() {
        return self;
    }

    @Override
    public void destroy() {
        if (control != null) {
            control.close();
        }
        // Dropped versions waiting out their grace period are closed (and cleaned) now.
        closer.shutdownNow().forEach(Runnable::run);
        for (String version : List.copyOf(running.keySet())) {
            Projections projections = running.remove(version);
            if (projections != null) {
                projections.close();
            }
        }
    }
}
