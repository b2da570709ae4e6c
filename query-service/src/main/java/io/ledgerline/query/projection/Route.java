package io.ledgerline.query.projection;

import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;

/**
 * Where one key of a store lives: its partition, the instance that owns it (active) and the instances with a standby
 * copy, as of one assignment ({@link RoutingTable}).
 */
public final class Route {

    private final RoutingTable table;
    final RoutingTable.Assignment assignment;
    private final int partition;
    private final HostInfo active;
    private final Set<HostInfo> standbys;

    Route(RoutingTable table, RoutingTable.Assignment assignment, int partition, HostInfo active,
            Set<HostInfo> standbys) {
        this.table = table;
        this.assignment = assignment;
        this.partition = partition;
        this.active = active;
        this.standbys = standbys;
    }

    public int partition() {
        return partition;
    }

    public HostInfo active() {
        return active;
    }

    public Set<HostInfo> standbys() {
        return standbys;
    }

    /**
     * This instance's copy of {@code store}'s partition (the same partition serves every store of one task);
     * {@code stale} for a standby copy. Throws Streams' {@code InvalidStateStoreException} when it is not here now.
     */
    public <T> T store(String store, boolean stale, QueryableStoreType<T> type) {
        return table.store(this, store, stale, type);
    }

    /** Whether the assignment this route was taken from has ended since: the partition may have moved meanwhile. */
    public boolean moved() {
        return table.dropped(assignment);
    }

    /** A store of this route failed (closed under the read): the next read asks Streams where things are again. */
    public void storeFailed() {
        table.forget(assignment);
    }
}
