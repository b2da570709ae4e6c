package io.ledgerline.query.http;

import io.ledgerline.query.ProjectionsRunner;
import io.ledgerline.query.projection.Projections;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.springframework.http.ResponseEntity;

/**
 * Where a read is answered. Each key lives in one partition of a store, owned by one instance (the active task);
 * the owner answers from its local store. Any other instance forwards the read to the owner ({@link Forwarder}).
 * When the owner cannot be reached (it is gone and the group has not rebalanced yet) an instance holding a standby
 * of that partition answers from it, marked stale. While stores are starting, restoring or being moved, the read is
 * refused with 503 and {@code Retry-After}: the caller retries rather than getting a wrong answer.
 */
public final class ReadModels {

    private final ProjectionsRunner runner;
    private final Forwarder forwarder;

    public ReadModels(ProjectionsRunner runner, Forwarder forwarder) {
        this.runner = runner;
        this.forwarder = forwarder;
    }

    /** A store partition of this instance to read from; {@code stale} when it is a standby copy. */
    public record Local(KafkaStreams streams, int partition, boolean stale) {

        public <V> ReadOnlyKeyValueStore<String, V> keyValue(String store) {
            return store(store, QueryableStoreTypes.keyValueStore());
        }

        public <V> ReadOnlyWindowStore<String, V> window(String store) {
            return store(store, QueryableStoreTypes.windowStore());
        }

        private <T> T store(String name, QueryableStoreType<T> type) {
            StoreQueryParameters<T> parameters = StoreQueryParameters.fromNameAndType(name, type)
                    .withPartition(partition);
            try {
                return streams.store(stale ? parameters.enableStaleStores() : parameters);
            } catch (InvalidStateStoreException e) {
                throw new UnavailableException("the store " + name + " is not available here now (" + e.getMessage()
                        + ")", e);
            }
        }
    }

    /**
     * The answer to {@code request} for {@code key} of {@code store}: {@code local} when this instance owns the key
     * (or is its only reachable standby), else the owner's answer.
     */
    public CompletableFuture<ResponseEntity<Object>> answer(String store, String key, HttpServletRequest request,
            Function<Local, CompletableFuture<ResponseEntity<Object>>> local) {
        Projections projections = runner.serving(store)
                .orElseThrow(() -> new UnavailableException("the projections are starting"));
        KafkaStreams streams = projections.streams();
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw new UnavailableException("the projections are " + state);
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new UnavailableException("the store " + store + " is being assigned to instances");
        }
        HostInfo self = runner.self();
        Local here = new Local(streams, owner.partition(), false);
        if (owner.activeHost().equals(self)) {
            return local.apply(here);
        }
        boolean standbyHere = owner.standbyHosts().contains(self);
        if (request.getHeader(Forwarder.FORWARDED) != null) {
            // The sender thinks this instance owns the key; assignments moved since. Never forward twice.
            if (standbyHere) {
                return local.apply(new Local(streams, owner.partition(), true));
            }
            throw new UnavailableException("the key moved to another instance; retry");
        }
        return forwarder.forward(owner.activeHost(), request).exceptionallyCompose(error -> {
            if (standbyHere) {
                return local.apply(new Local(streams, owner.partition(), true));
            }
            if (!owner.standbyHosts().isEmpty()) {
                // The standby answers a forwarded read from its copy, marked stale.
                return forwarder.forward(owner.standbyHosts().iterator().next(), request);
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            return CompletableFuture.failedFuture(cause);
        });
    }
}
