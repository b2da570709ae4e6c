package io.ledgerline.mapping;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.avro.event.AccountClosed;
import io.ledgerline.avro.event.AccountFrozen;
import io.ledgerline.avro.event.AccountOpened;
import io.ledgerline.avro.event.AccountUnfrozen;
import io.ledgerline.avro.event.MoneyDeposited;
import io.ledgerline.avro.event.MoneyWithdrawn;
import io.ledgerline.avro.event.TransferCompleted;
import io.ledgerline.avro.event.TransferCreditDeclined;
import io.ledgerline.avro.event.TransferCredited;
import io.ledgerline.avro.event.TransferDebitDeclined;
import io.ledgerline.avro.event.TransferDebitReversed;
import io.ledgerline.avro.event.TransferDebited;
import io.ledgerline.avro.event.TransferFailed;
import io.ledgerline.avro.event.TransferRequested;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.EventMetadata;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.transfer.TransferEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * Maps events between the Avro records on {@code ledger.events} and the domain's sealed records. Times travel as
 * epoch milliseconds, so instants are truncated to milliseconds on the way out.
 */
public final class EventMapper {

    private static final MappingTable<SpecificRecord, EventEnvelope> FROM_AVRO =
        new MappingTable<SpecificRecord, EventEnvelope>("event")
            .on(AccountOpened.class, r -> envelope(r.getEventId(), r.getVersion(), r.getOccurredAt(), r.getCommandId(),
                    new AccountEvent.AccountOpened(r.getAccountId(), r.getCustomerId(), r.getCurrency(), r.getHolderName())))
            .on(MoneyDeposited.class, r -> envelope(r.getEventId(), r.getVersion(), r.getOccurredAt(), r.getCommandId(),
                    new AccountEvent.MoneyDeposited(r.getAccountId(), r.getAmount(), r.getCurrency(), r.getReference())))
            .on(MoneyWithdrawn.class, r -> envelope(r.getEventId(), r.getVersion(), r.getOccurredAt(), r.getCommandId(),
                    new AccountEvent.MoneyWithdrawn(r.getAccountId(), r.getAmount(), r.getCurrency(), r.getReference())))
            .on(AccountFrozen.class, r -> envelope(r.getEventId(), r.getVersion(), r.getOccurredAt(), r.getCommandId(),
                    new AccountEvent.AccountFrozen(r.getAccountId(), r.getReason())))
            .on(AccountUnfrozen.class, r -> envelope(r.getEventId(), r.getVersion(), r.getOccurredAt(), r.getCommandId(),
                    new AccountEvent.AccountUnfrozen(r.getAccountId(), r.getReason())))
            .on(AccountClosed.class, r -> envelope(r.getEventId(), r.getVersion(), r.getOccurredAt(), r.getCommandId(),
                    new AccountEvent.AccountClosed(r.getAccountId())))
            .on(TransferDebited.class, r -> envelope(r.getEventId(), r.getVersion(), r.getOccurredAt(), r.getCommandId(),
                    new AccountEvent.TransferDebited(r.getAccountId(), r.getTransferId(), r.getAmount(), r.getCurrency())))
            .on(TransferDebitDeclined.class, r -> envelope(r.getEventId(), r.getVersion(), r.getOccurredAt(), r.getCommandId(),
                    new AccountEvent.TransferDebitDeclined(r.getAccountId(), r.getTransferId(), r.getAmount(), r.getCurrency(), Enums.fromAvro(r.getReason()), r.getMessage())))
            .on(TransferCredited.class, r -> envelope(r.getEventId(), r.getVersion(), r.getOccurredAt(), r.getCommandId(),
                    new AccountEvent.TransferCredited(r.getAccountId(), r.getTransferId(), r.getAmount(), r.getCurrency())))
            .on(TransferCreditDeclined.class, r -> envelope(r.getEventId(), r.getVersion(), r.getOccurredAt(), r.getCommandId(),
                    new AccountEvent.TransferCreditDeclined(r.getAccountId(), r.getTransferId(), r.getAmount(), r.getCurrency(), Enums.fromAvro(r.getReason()), r.getMessage())))
            .on(TransferDebitReversed.class, r -> envelope(r.getEventId(), r.getVersion(), r.getOccurredAt(), r.getCommandId(),
                    new AccountEvent.TransferDebitReversed(r.getAccountId(), r.getTransferId(), r.getAmount(), r.getCurrency())))
            .on(TransferRequested.class, r -> envelope(r.getEventId(), r.getVersion(), r.getOccurredAt(), r.getCommandId(),
                    new TransferEvent.TransferRequested(r.getTransferId(), r.getFromAccountId(), r.getToAccountId(), r.getAmount(), r.getCurrency(), r.getReference())))
            .on(TransferCompleted.class, r -> envelope(r.getEventId(), r.getVersion(), r.getOccurredAt(), r.getCommandId(),
                    new TransferEvent.TransferCompleted(r.getTransferId())))
            .on(TransferFailed.class, r -> envelope(r.getEventId(), r.getVersion(), r.getOccurredAt(), r.getCommandId(),
                    new TransferEvent.TransferFailed(r.getTransferId(), Enums.fromAvro(r.getReason()), r.getMessage(), r.getCompensated())));

    private static final MappingTable<LedgerEvent, Function<EventMetadata, SpecificRecord>> TO_AVRO =
        new MappingTable<LedgerEvent, Function<EventMetadata, SpecificRecord>>("event")
            .on(AccountEvent.AccountOpened.class, c -> m -> new AccountOpened(m.eventId(), m.version(), millis(m.occurredAt()), m.commandId(), c.accountId(), c.customerId(), c.currency(), c.holderName()))
            .on(AccountEvent.MoneyDeposited.class, c -> m -> new MoneyDeposited(m.eventId(), m.version(), millis(m.occurredAt()), m.commandId(), c.accountId(), c.amount(), c.currency(), c.reference()))
            .on(AccountEvent.MoneyWithdrawn.class, c -> m -> new MoneyWithdrawn(m.eventId(), m.version(), millis(m.occurredAt()), m.commandId(), c.accountId(), c.amount(), c.currency(), c.reference()))
            .on(AccountEvent.AccountFrozen.class, c -> m -> new AccountFrozen(m.eventId(), m.version(), millis(m.occurredAt()), m.commandId(), c.accountId(), c.reason()))
            .on(AccountEvent.AccountUnfrozen.class, c -> m -> new AccountUnfrozen(m.eventId(), m.version(), millis(m.occurredAt()), m.commandId(), c.accountId(), c.reason()))
            .on(AccountEvent.AccountClosed.class, c -> m -> new AccountClosed(m.eventId(), m.version(), millis(m.occurredAt()), m.commandId(), c.accountId()))
            .on(AccountEvent.TransferDebited.class, c -> m -> new TransferDebited(m.eventId(), m.version(), millis(m.occurredAt()), m.commandId(), c.accountId(), c.transferId(), c.amount(), c.currency()))
            .on(AccountEvent.TransferDebitDeclined.class, c -> m -> new TransferDebitDeclined(m.eventId(), m.version(), millis(m.occurredAt()), m.commandId(), c.accountId(), c.transferId(), c.amount(), c.currency(), Enums.toAvro(c.reason()), c.message()))
            .on(AccountEvent.TransferCredited.class, c -> m -> new TransferCredited(m.eventId(), m.version(), millis(m.occurredAt()), m.commandId(), c.accountId(), c.transferId(), c.amount(), c.currency()))
            .on(AccountEvent.TransferCreditDeclined.class, c -> m -> new TransferCreditDeclined(m.eventId(), m.version(), millis(m.occurredAt()), m.commandId(), c.accountId(), c.transferId(), c.amount(), c.currency(), Enums.toAvro(c.reason()), c.message()))
            .on(AccountEvent.TransferDebitReversed.class, c -> m -> new TransferDebitReversed(m.eventId(), m.version(), millis(m.occurredAt()), m.commandId(), c.accountId(), c.transferId(), c.amount(), c.currency()))
            .on(TransferEvent.TransferRequested.class, c -> m -> new TransferRequested(m.eventId(), m.version(), millis(m.occurredAt()), m.commandId(), c.transferId(), c.fromAccountId(), c.toAccountId(), c.amount(), c.currency(), c.reference()))
            .on(TransferEvent.TransferCompleted.class, c -> m -> new TransferCompleted(m.eventId(), m.version(), millis(m.occurredAt()), m.commandId(), c.transferId()))
            .on(TransferEvent.TransferFailed.class, c -> m -> new TransferFailed(m.eventId(), m.version(), millis(m.occurredAt()), m.commandId(), c.transferId(), Enums.toAvro(c.reason()), c.message(), c.compensated()));

    private EventMapper() {
    }

    /** The domain event in an Avro record; throws {@link UnmappableRecordException} for any other record. */
    public static EventEnvelope fromAvro(SpecificRecord record) {
        return FROM_AVRO.apply(record);
    }

    /** The Avro record of a domain event. */
    public static SpecificRecord toAvro(EventEnvelope envelope) {
        return TO_AVRO.apply(envelope.event()).apply(envelope.meta());
    }

    static Set<Class<?>> mappedAvroTypes() {
        return FROM_AVRO.types();
    }

    static Set<Class<?>> mappedDomainTypes() {
        return TO_AVRO.types();
    }

    private static EventEnvelope envelope(String eventId, long version, Instant occurredAt, String commandId,
            LedgerEvent event) {
        return new EventEnvelope(new EventMetadata(eventId, version, occurredAt, commandId), event);
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
