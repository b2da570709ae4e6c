package io.ledgerline.query.projection;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells readers waiting for a key of a store that a projector has just written it (read-your-writes waits wake up on
 * the write instead of polling). A projector calls {@link #written} on the stream thread right after its
 * {@code put}, which interactive queries see at once (before the transaction commits, like every interactive read;
 * ADR 0011). Listeners must only hand the news on: they run on the stream thread, and one that throws is logged and
 * never stops the projection.
 */
public final class StoreWrites {

    private static final Logger LOG = LoggerFactory.getLogger(StoreWrites.class);
    private static final Runnable[] NONE = new Runnable[0];

    private final Map<Key, Runnable[]> listeners = new ConcurrentHashMap<>();

    private record Key(String store, String key) {
    }

    /** Calls {@code listener} after each write of {@code key} in {@code store}; run the result to stop. */
    public Runnable onWrite(String store, String key, Runnable listener) {
        Key subscription = new Key(store, key);
        listeners.compute(subscription, (k, current) -> {
            Runnable[] more = Arrays.copyOf(current == null ? NONE : current, (current == null ? 0 : current.length) + 1);
            more[more.length - 1] = listener;
            return more;
        });
        return () -> listeners.computeIfPresent(subscription, (k, current) -> {
            Runnable[] fewer = Arrays.stream(current).filter(each -> each != listener).toArray(Runnable[]::new);
            return fewer.length == 0 ? null : fewer;
        });
    }

    /** {@code key} of {@code store} was written (stream thread). */
    public void written(String store, String key) {
        if (listeners.isEmpty()) {
            return;
        }
        Runnable[] waiting = listeners.get(new Key(store, key));
        if (waiting == null) {
            return;
        }
        for (Runnable listener : waiting) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A reader waiting for {} of {} failed to take the news of a write", key, store, e);
            }
        }
    }
}
