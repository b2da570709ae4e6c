package io.ledgerline.mapping;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.avro.command.CloseAccount;
import io.ledgerline.avro.command.CompleteTransfer;
import io.ledgerline.avro.command.CreditForTransfer;
import io.ledgerline.avro.command.DebitForTransfer;
import io.ledgerline.avro.command.DepositMoney;
import io.ledgerline.avro.command.FailTransfer;
import io.ledgerline.avro.command.FreezeAccount;
import io.ledgerline.avro.command.OpenAccount;
import io.ledgerline.avro.command.RequestTransfer;
import io.ledgerline.avro.command.ReverseTransferDebit;
import io.ledgerline.avro.command.UnfreezeAccount;
import io.ledgerline.avro.command.WithdrawMoney;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.message.LedgerCommand;
import io.ledgerline.transfer.TransferCommand;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * Maps commands between the Avro records on {@code ledger.commands} and the domain's sealed records. Times travel
 * as epoch milliseconds, so instants are truncated to milliseconds on the way out.
 */
public final class CommandMapper {

    private static final MappingTable<SpecificRecord, CommandEnvelope> FROM_AVRO =
        new MappingTable<SpecificRecord, CommandEnvelope>("command")
            .on(OpenAccount.class, r -> envelope(r.getCommandId(), r.getExpectedVersion(), r.getIssuedAt(),
                    new AccountCommand.OpenAccount(r.getAccountId(), r.getCustomerId(), r.getCurrency(), r.getHolderName())))
            .on(DepositMoney.class, r -> envelope(r.getCommandId(), r.getExpectedVersion(), r.getIssuedAt(),
                    new AccountCommand.DepositMoney(r.getAccountId(), r.getAmount(), r.getReference())))
            .on(WithdrawMoney.class, r -> envelope(r.getCommandId(), r.getExpectedVersion(), r.getIssuedAt(),
                    new AccountCommand.WithdrawMoney(r.getAccountId(), r.getAmount(), r.getReference())))
            .on(FreezeAccount.class, r -> envelope(r.getCommandId(), r.getExpectedVersion(), r.getIssuedAt(),
                    new AccountCommand.FreezeAccount(r.getAccountId(), r.getReason())))
            .on(UnfreezeAccount.class, r -> envelope(r.getCommandId(), r.getExpectedVersion(), r.getIssuedAt(),
                    new AccountCommand.UnfreezeAccount(r.getAccountId(), r.getReason())))
            .on(CloseAccount.class, r -> envelope(r.getCommandId(), r.getExpectedVersion(), r.getIssuedAt(),
                    new AccountCommand.CloseAccount(r.getAccountId())))
            .on(DebitForTransfer.class, r -> envelope(r.getCommandId(), r.getExpectedVersion(), r.getIssuedAt(),
                    new AccountCommand.DebitForTransfer(r.getAccountId(), r.getTransferId(), r.getAmount(), r.getCurrency())))
            .on(CreditForTransfer.class, r -> envelope(r.getCommandId(), r.getExpectedVersion(), r.getIssuedAt(),
                    new AccountCommand.CreditForTransfer(r.getAccountId(), r.getTransferId(), r.getAmount(), r.getCurrency())))
            .on(ReverseTransferDebit.class, r -> envelope(r.getCommandId(), r.getExpectedVersion(), r.getIssuedAt(),
                    new AccountCommand.ReverseTransferDebit(r.getAccountId(), r.getTransferId(), r.getAmount(), r.getCurrency())))
            .on(RequestTransfer.class, r -> envelope(r.getCommandId(), r.getExpectedVersion(), r.getIssuedAt(),
                    new TransferCommand.RequestTransfer(r.getTransferId(), r.getFromAccountId(), r.getToAccountId(), r.getAmount(), r.getCurrency(), r.getReference())))
            .on(CompleteTransfer.class, r -> envelope(r.getCommandId(), r.getExpectedVersion(), r.getIssuedAt(),
                    new TransferCommand.CompleteTransfer(r.getTransferId())))
            .on(FailTransfer.class, r -> envelope(r.getCommandId(), r.getExpectedVersion(), r.getIssuedAt(),
                    new TransferCommand.FailTransfer(r.getTransferId(), Enums.fromAvro(r.getReason()), r.getMessage(), r.getCompensated())));

    private static final MappingTable<LedgerCommand, Function<CommandMetadata, SpecificRecord>> TO_AVRO =
        new MappingTable<LedgerCommand, Function<CommandMetadata, SpecificRecord>>("command")
            .on(AccountCommand.OpenAccount.class, c -> m -> new OpenAccount(m.commandId(), c.accountId(), c.customerId(), c.currency(), c.holderName(), m.expectedVersion(), millis(m.issuedAt())))
            .on(AccountCommand.DepositMoney.class, c -> m -> new DepositMoney(m.commandId(), c.accountId(), c.amount(), c.reference(), m.expectedVersion(), millis(m.issuedAt())))
            .on(AccountCommand.WithdrawMoney.class, c -> m -> new WithdrawMoney(m.commandId(), c.accountId(), c.amount(), c.reference(), m.expectedVersion(), millis(m.issuedAt())))
            .on(AccountCommand.FreezeAccount.class, c -> m -> new FreezeAccount(m.commandId(), c.accountId(), c.reason(), m.expectedVersion(), millis(m.issuedAt())))
            .on(AccountCommand.UnfreezeAccount.class, c -> m -> new UnfreezeAccount(m.commandId(), c.accountId(), c.reason(), m.expectedVersion(), millis(m.issuedAt())))
            .on(AccountCommand.CloseAccount.class, c -> m -> new CloseAccount(m.commandId(), c.accountId(), m.expectedVersion(), millis(m.issuedAt())))
            .on(AccountCommand.DebitForTransfer.class, c -> m -> new DebitForTransfer(m.commandId(), c.accountId(), c.transferId(), c.amount(), c.currency(), m.expectedVersion(), millis(m.issuedAt())))
            .on(AccountCommand.CreditForTransfer.class, c -> m -> new CreditForTransfer(m.commandId(), c.accountId(), c.transferId(), c.amount(), c.currency(), m.expectedVersion(), millis(m.issuedAt())))
            .on(AccountCommand.ReverseTransferDebit.class, c -> m -> new ReverseTransferDebit(m.commandId(), c.accountId(), c.transferId(), c.amount(), c.currency(), m.expectedVersion(), millis(m.issuedAt())))
            .on(TransferCommand.RequestTransfer.class, c -> m -> new RequestTransfer(m.commandId(), c.transferId(), c.fromAccountId(), c.toAccountId(), c.amount(), c.currency(), c.reference(), m.expectedVersion(), millis(m.issuedAt())))
            .on(TransferCommand.CompleteTransfer.class, c -> m -> new CompleteTransfer(m.commandId(), c.transferId(), m.expectedVersion(), millis(m.issuedAt())))
            .on(TransferCommand.FailTransfer.class, c -> m -> new FailTransfer(m.commandId(), c.transferId(), Enums.toAvro(c.reason()), c.message(), c.compensated(), m.expectedVersion(), millis(m.issuedAt())));

    private CommandMapper() {
    }

    /** The domain command in an Avro record; throws {@link UnmappableRecordException} for any other record. */
    public static CommandEnvelope fromAvro(SpecificRecord record) {
        return FROM_AVRO.apply(record);
    }

    /** The Avro record of a domain command. */
    public static SpecificRecord toAvro(CommandEnvelope envelope) {
        return TO_AVRO.apply(envelope.command()).apply(envelope.meta());
    }

    static Set<Class<?>> mappedAvroTypes() {
        return FROM_AVRO.types();
    }

    static Set<Class<?>> mappedDomainTypes() {
        return TO_AVRO.types();
    }

    private static CommandEnvelope envelope(String commandId, Long expectedVersion, Instant issuedAt,
            LedgerCommand command) {
        return new CommandEnvelope(new CommandMetadata(commandId, expectedVersion, issuedAt), command);
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
