package io.ledgerline.query.projection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, per projection, the events ignored as duplicates and refused as gaps, and logs each gap with the
 * aggregate id: a gap means a read model cannot follow its aggregate until an operator finds the missing event.
 * Shared by the stream threads (the counters are atomic) and read by metrics.
 */
public final class ProjectionHealth {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionHealth.class);

    private final Map<String, AtomicLong> duplicates = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> gaps = new ConcurrentHashMap<>();

    /** Records {@code verdict} for an event and says whether to apply it. */
    public boolean admit(String projection, String aggregateId, long viewVersion, long eventVersion,
            VersionGate verdict) {
        switch (verdict) {
            case APPLY -> {
                return true;
            }
            case DUPLICATE -> duplicates.computeIfAbsent(projection, p -> new AtomicLong()).incrementAndGet();
            case GAP -> {
                gaps.computeIfAbsent(projection, p -> new AtomicLong()).incrementAndGet();
                LOG.warn("{}: version gap for aggregate {}: the view is at version {} and the event has version {};"
                        + " not applied", projection, aggregateId, viewVersion, eventVersion);
            }
        }
        return false;
    }

    public long duplicates(String projection) {
        AtomicLong count = duplicates.get(projection);
        return count == null ? 0 : count.get();
    }

    public long gaps(String projection) {
        AtomicLong count = gaps.get(projection);
        return count == null ? 0 : count.get();
    }
}
