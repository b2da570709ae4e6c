package io.ledgerline.message;

/**
 * Every command Ledgerline accepts, addressed to exactly one aggregate (its id is the Kafka key).
 *
 * <p>Its families ({@code AccountCommand}, {@code TransferCommand}) are sealed; this parent cannot be, since
 * Java seals only within one package outside named modules. The mappers' coverage test checks both families.
 */
public interface LedgerCommand {

    /** The id of the aggregate this command addresses. */
    String aggregateId();
}
