package io.ledgerline.cli.fault;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.outcome.OutcomeCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded load of account commands and what the ledger must make of it: open {@code accounts} accounts, then
 * deposits and withdrawals spread over them at random, withdrawals large enough that some are refused for
 * insufficient funds.
 *
 * <p>The expected outcomes come from an independent model, not from the domain code: commands of one account share
 * a key, hence a partition, and one producer sends them in order, so the processor decides them in the order of
 * this list. A deposit is accepted and moves the account one version on; a withdrawal is accepted when the balance
 * covers it, otherwise refused with the current version.
 */
final class AccountLoad {

    static final String CURRENCY = "EUR";

    /** What the model says the processor must answer. */
    record Expected(OutcomeCode code, long version) {
    }

    private final String prefix;
    private final List<CommandEnvelope> commands = new ArrayList<>();
    private final Map<String, Expected> expected = new HashMap<>();
    private final Map<String, Long> balances = new LinkedHashMap<>();
    private final Map<String, Long> versions = new HashMap<>();

    private AccountLoad(String prefix) {
        this.prefix = prefix;
    }

    /**
     * @param prefix        starts every account and command id, so a run's records can be told from others'
     * @param accounts      accounts opened first
     * @param moneyCommands deposits and withdrawals after the openings
     */
    static AccountLoad generate(String prefix, int accounts, int moneyCommands, long seed) {
        AccountLoad load = new AccountLoad(prefix);
        Random random = new Random(seed);
        Instant issuedAt = Instant.parse("2026-11-28T12:00:00Z");
        for (int a = 0; a < accounts; a++) {
            String account = load.accountId(a);
            load.add(new CommandEnvelope(new CommandMetadata(prefix + "-open-" + a, null, issuedAt),
                    new AccountCommand.OpenAccount(account, "cust-" + prefix + "-" + a, CURRENCY, "Holder " + a)));
        }
        for (int i = 0; i < moneyCommands; i++) {
            String account = load.accountId(random.nextInt(accounts));
            CommandMetadata meta = new CommandMetadata(prefix + "-money-" + i, null, issuedAt.plusMillis(i));
            // Deposits 1..10,000 against withdrawals 1..15,000 at 3:2: balances hover low and refusals are common.
            load.add(random.nextInt(5) < 3
                    ? new CommandEnvelope(meta, new AccountCommand.DepositMoney(account, 1 + random.nextInt(10_000),
                            "in " + i))
                    : new CommandEnvelope(meta, new AccountCommand.WithdrawMoney(account, 1 + random.nextInt(15_000),
                            "out " + i)));
        }
        return load;
    }

    private String accountId(int index) {
        return "acc-" + prefix + "-" + index;
    }

    private void add(CommandEnvelope envelope) {
        commands.add(envelope);
        String commandId = envelope.meta().commandId();
        if (envelope.command() instanceof AccountCommand.OpenAccount c) {
            balances.put(c.accountId(), 0L);
            versions.put(c.accountId(), 1L);
            expected.put(commandId, new Expected(OutcomeCode.ACCEPTED, 1));
        } else if (envelope.command() instanceof AccountCommand.DepositMoney c) {
            balances.merge(c.accountId(), c.amount(), Long::sum);
            expected.put(commandId, new Expected(OutcomeCode.ACCEPTED, versions.merge(c.accountId(), 1L, Long::sum)));
        } else if (envelope.command() instanceof AccountCommand.WithdrawMoney c) {
            if (balances.get(c.accountId()) >= c.amount()) {
                balances.merge(c.accountId(), -c.amount(), Long::sum);
                expected.put(commandId,
                        new Expected(OutcomeCode.ACCEPTED, versions.merge(c.accountId(), 1L, Long::sum)));
            } else {
                expected.put(commandId, new Expected(OutcomeCode.REJECTED_RULE, versions.get(c.accountId())));
            }
        } else {
            throw new IllegalArgumentException("the load has no model for " + envelope.command());
        }
    }

    /** Every command, in the order it must be sent. */
    List<CommandEnvelope> commands() {
        return commands;
    }

    /** The expected outcome of every command id. */
    Map<String, Expected> expected() {
        return expected;
    }

    /** Each account's balance once every command is decided. */
    Map<String, Long> finalBalances() {
        return balances;
    }

    /** Whether {@code id} (an aggregate or command id) belongs to this load. */
    boolean owns(String id) {
        return id != null && (id.startsWith(prefix + "-") || id.startsWith("acc-" + prefix + "-"));
    }

    long refusals() {
        return expected.values().stream().filter(e -> e.code() != OutcomeCode.ACCEPTED).count();
    }
}
