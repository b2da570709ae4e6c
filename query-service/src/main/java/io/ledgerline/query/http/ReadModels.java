package io.ledgerline.query.http;

import io.ledgerline.query.ProjectionsRunner;
import io.ledgerline.query.projection.Projections;
import io.ledgerline.query.projection.Route;
import io.ledgerline.query.projection.StoreCopy;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Where a read is answered. Each key lives in one partition of a store, owned by one instance (the active task);
 * the owner answers from its local store. Any other instance forwards the read to the owner ({@link Forwarder}).
 * When the owner cannot be reached (it is gone and the group has not rebalanced yet) an instance holding a standby
 * of that partition answers from it, marked stale. While stores are starting, restoring or being moved, the read is
 * refused with 503 and {@code Retry-After}: the caller retries rather than getting a wrong answer. Where a key lives
 * comes from the projections' {@link io.ledgerline.query.projection.RoutingTable}, which takes no Kafka Streams lock
 * while the assignment is stable (ADR 0023).
 */
public final class ReadModels {

    /**
     * The projection version (its application id) a read is answered from: sent with a forwarded read (the version
     * the sender serves it from, which the owner uses while it runs it) and on every answer read from a store.
     */
    public static final String PROJECTION_VERSION = "Ledgerline-Projection-Version";

    /**
     * The request attribute naming the projection version a read was given to, once it is chosen: an error answer
     * (404, 503) names it in {@link #PROJECTION_VERSION} as a 200 does.
     */
    static final String ANSWERED_BY = ReadModels.class.getName() + ".answeredBy";

    private final ProjectionsRunner runner;
    private final Forwarder forwarder;

    public ReadModels(ProjectionsRunner runner, Forwarder forwarder) {
        this.runner = runner;
        this.forwarder = forwarder;
    }

    /**
     * A store partition of this instance to read from. {@link #stale()} when it is a standby copy, or when the
     * partition may have left this instance while it was read: ask it after reading.
     */
    public static final class Local {

        private final Projections projections;
        private final Route route;
        private final boolean standby;

        Local(Projections projections, Route route, boolean standby) {
            this.projections = projections;
            this.route = route;
            this.standby = standby;
        }

        public <V> ReadOnlyKeyValueStore<String, V> keyValue(String store) {
            return store(store, QueryableStoreTypes.keyValueStore());
        }

        public <V> ReadOnlyWindowStore<String, V> window(String store) {
            return store(store, QueryableStoreTypes.windowStore());
        }

        /**
         * The owner's in-memory copy of this partition of {@code store} (ADR 0048), read without the store's lock;
         * null on a standby copy (read from its store, marked stale), when copies are off, or while the task does not
         * run here.
         */
        public <V> StoreCopy<V> copy(String store) {
            return standby ? null : projections.copies().of(store, route.partition());
        }

        public boolean stale() {
            return standby || route.moved();
        }

        /**
         * Where a waiter on {@code key} of {@code store} hears of changes: the projector's writes when this instance
         * owns the partition; polling on a standby copy, which no projector here writes.
         */
        public Waits.Changes changes(String store, String key) {
            return standby ? Waits.Changes.POLLED : changed -> projections.writes().onWrite(store, key, changed);
        }

        private <T> T store(String name, QueryableStoreType<T> type) {
            try {
                return route.store(name, standby, type);
            } catch (InvalidStateStoreException e) {
                // Not here (yet): nothing cached to forget; the routing table itself still holds.
                throw new UnavailableException("the store " + name + " is not available here now (" + e.getMessage()
                        + ")", e);
            }
        }

        /** A read through a kept store handle failed: the partition moved or closed under it. */
        void failed() {
            route.storeFailed();
        }
    }

    /**
     * The answer to {@code request} for {@code key} of {@code store}: {@code local} when this instance owns the key
     * (or is its only reachable standby), else the owner's answer. It is an {@link Answer} when it is known at once,
     * so it is written on the request thread; a {@link CompletableFuture} of one (Spring MVC's
     * asynchronous dispatch) only when it waits for a write or for another instance. Controllers declare
     * {@code Object}: Spring MVC picks the handler by the value returned.
     */
    public Object answer(String store, String key, HttpServletRequest request,
            Function<Local, CompletableFuture<Answer>> local) {
        boolean forwarded = request.getHeader(Forwarder.FORWARDED) != null;
        String named = forwarded ? request.getHeader(PROJECTION_VERSION) : null;
        Projections projections = (named == null ? runner.serving(store) : runner.serving(store, named))
                .orElseThrow(() -> new UnavailableException("the projections are starting"));
        request.setAttribute(ANSWERED_BY, projections.applicationId());
        KafkaStreams.State state = projections.streams().state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw new UnavailableException("the projections are " + state);
        }
        Route route = projections.routes().route(store, key);
        if (route == null) {
            throw new UnavailableException("the store " + store + " is being assigned to instances");
        }
        HostInfo self = runner.self();
        if (route.active().equals(self)) {
            return settled(read(local, new Local(projections, route, false)));
        }
        boolean standbyHere = route.standbys().contains(self);
        if (forwarded) {
            // The sender thinks this instance owns the key; assignments moved since. Never forward twice.
            if (standbyHere) {
                return settled(read(local, new Local(projections, route, true)));
            }
            throw new UnavailableException("the key moved to another instance; retry");
        }
        String version = projections.applicationId();
        return forwarder.forward(route.active(), request, version).exceptionallyCompose(error -> {
            if (standbyHere) {
                return read(local, new Local(projections, route, true));
            }
            if (!route.standbys().isEmpty()) {
                // The standby answers a forwarded read from its copy, marked stale.
                return forwarder.forward(route.standbys().iterator().next(), request, version);
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            return CompletableFuture.failedFuture(cause);
        });
    }

    /**
     * The answer to {@code request} for {@code key} of {@code store} when it is local and immediate: this instance
     * serves the store, owns the key's partition (an active task, not a standby copy), the request was not forwarded
     * here, and {@code local} (which must not wait) answers without failing. Else null, having answered nothing: the caller then
     * takes {@link #answer}, which looks again and forwards, waits or fails as it always does, so every failure is
     * still mapped in one place ({@code ApiExceptionHandler}). For {@link DirectReadFilter} (ADR 0042).
     */
    public Answer answeredHere(String store, String key, HttpServletRequest request,
            Function<Local, CompletableFuture<Answer>> local) {
        if (request.getHeader(Forwarder.FORWARDED) != null) {
            return null;
        }
        Projections projections = runner.serving(store).orElse(null);
        if (projections == null) {
            return null;
        }
        KafkaStreams.State state = projections.streams().state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            return null;
        }
        Route route = projections.routes().route(store, key);
        if (route == null || !route.active().equals(runner.self())) {
            return null;
        }
        CompletableFuture<Answer> answer;
        try {
            answer = read(local, new Local(projections, route, false));
        } catch (RuntimeException e) {
            // A store that is not there (yet) or failed under the read: the full path answers it (503).
            return null;
        }
        if (!answer.isDone() || answer.isCompletedExceptionally()) {
            return null;
        }
        return answer.join();
    }

    /**
     * Runs {@code local}, its answer marked with the version read; a store that failed under it (closed, moved)
     * makes the routing look again next time.
     */
    private static CompletableFuture<Answer> read(
            Function<Local, CompletableFuture<Answer>> local, Local here) {
        CompletableFuture<Answer> answer;
        try {
            answer = local.apply(here);
        } catch (InvalidStateStoreException e) {
            here.failed();
            throw e;
        }
        answer.whenComplete((value, error) -> {
            if (unwrap(error) instanceof InvalidStateStoreException) {
                here.failed();
            }
        });
        String version = here.projections.applicationId();
        return answer.thenApply(value -> value.answeredBy(version));
    }

    /** A future that is already complete is answered on this thread: its value, or its failure thrown. */
    private static Object settled(CompletableFuture<Answer> answer) {
        if (!answer.isDone()) {
            return answer;
        }
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
