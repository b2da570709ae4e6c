package io.ledgerline.message;

/**
 * Every fact Ledgerline records in {@code ledger.events}, belonging to exactly one aggregate.
 *
 * <p>Its families ({@code AccountEvent}, {@code TransferEvent}) are sealed; this parent cannot be, since
 * Java seals only within one package outside named modules. The mappers' coverage test checks both families.
 */
public interface LedgerEvent {

    /** The id of the aggregate this event belongs to. */
    String aggregateId();
}
