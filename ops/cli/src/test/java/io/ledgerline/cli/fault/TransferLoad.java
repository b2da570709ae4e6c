package io.ledgerline.cli.fault;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.message.LedgerCommand;
import io.ledgerline.transfer.TransferCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The saga's end-to-end load (issue 4): accounts opened and funded, some frozen, then transfers among them of which
 * 10 % target a frozen account (debit taken, credit declined: compensated) and 10 % ask for more than all deposits
 * together (debit declined); the rest are small enough never to lack funds, so each transfer's outcome is known in
 * advance. Every id starts with the run's prefix, so the shared topics can be filtered to this run.
 */
final class TransferLoad {

    static final String CURRENCY = "EUR";
    static final long DEPOSIT = 100_000;

    /** How a transfer must end. */
    enum Expected { COMPLETED, FAILED_COMPENSATED, FAILED_NO_FUNDS }

    private final String prefix;
    private final List<CommandEnvelope> setup = new ArrayList<>();
    private final List<CommandEnvelope> transfers = new ArrayList<>();
    private final Map<String, Expected> expected = new HashMap<>();
    private final List<String> accounts = new ArrayList<>();
    private long deposits;

    private TransferLoad(String prefix) {
        this.prefix = prefix;
    }

    /**
     * @param accounts  accounts, each opened and funded with {@link #DEPOSIT}
     * @param frozen    of them, frozen after funding: the targets of the compensated tenth
     * @param transfers transfers: a tenth to frozen accounts, a tenth beyond all funds, the rest small
     */
    static TransferLoad generate(String prefix, int accounts, int frozen, int transfers, long seed) {
        TransferLoad load = new TransferLoad(prefix);
        Random random = new Random(seed);
        Instant issuedAt = Instant.parse("2026-11-28T12:00:00Z");
        for (int a = 0; a < accounts; a++) {
            String account = "acc-" + prefix + "-" + a;
            load.accounts.add(account);
            load.setup.add(command(prefix + "-open-" + a, issuedAt, new AccountCommand.OpenAccount(account,
                    "cust-" + prefix + "-" + a, CURRENCY, "Holder " + a)));
            load.setup.add(command(prefix + "-deposit-" + a, issuedAt,
                    new AccountCommand.DepositMoney(account, DEPOSIT, "funding")));
            load.deposits += DEPOSIT;
        }
        for (int a = 0; a < frozen; a++) {
            load.setup.add(command(prefix + "-freeze-" + a, issuedAt,
                    new AccountCommand.FreezeAccount(load.accounts.get(a), "e2e")));
        }
        for (int t = 0; t < transfers; t++) {
            String transferId = "tr-" + prefix + "-" + t;
            // Sources are never frozen, so only the target or the amount can fail a transfer.
            String from = load.accounts.get(frozen + random.nextInt(accounts - frozen));
            Expected outcome = t % 10 == 0 ? Expected.FAILED_COMPENSATED
                    : t % 10 == 1 ? Expected.FAILED_NO_FUNDS : Expected.COMPLETED;
            String to;
            do {
                to = outcome == Expected.FAILED_COMPENSATED ? load.accounts.get(random.nextInt(frozen))
                        : load.accounts.get(frozen + random.nextInt(accounts - frozen));
            } while (to.equals(from));
            // At most 100 per transfer: no source can run dry, even if it is the source of every transfer.
            long amount = outcome == Expected.FAILED_NO_FUNDS ? load.deposits + 1 : 1 + random.nextInt(100);
            load.transfers.add(command(prefix + "-request-" + t, issuedAt, new TransferCommand.RequestTransfer(
                    transferId, from, to, amount, CURRENCY, "e2e " + t)));
            load.expected.put(transferId, outcome);
        }
        return load;
    }

    private static CommandEnvelope command(String id, Instant issuedAt, LedgerCommand c) {
        return new CommandEnvelope(new CommandMetadata(id, null, issuedAt), c);
    }

    /** Opening, funding and freezing the accounts. */
    List<CommandEnvelope> setup() {
        return setup;
    }

    /** The RequestTransfer commands. */
    List<CommandEnvelope> transfers() {
        return transfers;
    }

    Map<String, Expected> expected() {
        return expected;
    }

    List<String> accounts() {
        return accounts;
    }

    long deposits() {
        return deposits;
    }

    /** Whether a record key (an account or transfer id) belongs to this run. */
    boolean owns(String key) {
        return key.startsWith("acc-" + prefix + "-") || key.startsWith("tr-" + prefix + "-");
    }
}
