package io.ledgerline.query.rebuild;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.query.account.AccountChange;
import io.ledgerline.query.account.AccountProjector;
import io.ledgerline.query.account.AccountView;
import io.ledgerline.query.activity.DailyActivity;
import io.ledgerline.query.portfolio.Portfolio;
import io.ledgerline.query.projection.ProjectionHealth;
import io.ledgerline.query.statement.StatementEntry;
import io.ledgerline.query.statement.StatementKeys;
import io.ledgerline.query.totals.LedgerTotal;
import io.ledgerline.query.totals.TotalsDelta;
import io.ledgerline.query.transfer.TransferProjector;
import io.ledgerline.query.transfer.TransferView;
import io.ledgerline.transfer.TransferEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every read model of the projection topology folded in memory from the events of {@code ledger.events}, with the
 * projectors' own functions ({@link AccountProjector#apply}, {@link StatementEntry#of}, {@link DailyActivity#after},
 * {@link Portfolio#with}, {@link TotalsDelta#of}, {@link LedgerTotal#plus}, {@link TransferProjector#apply}), so the
 * version gate, the duplicates ignored and the gaps reported are the topology's. Only final states are kept: one per
 * key; statement lines, written once each, go out as they are made ({@link Lines}).
 *
 * <p>Each event is applied in the order of the topology's processors (account view; statement, daily activity,
 * portfolio input, totals and transfer step of the change): an exception thrown by one leaves what came before it
 * applied, as the topology leaves it when its processing handler dead-letters the record. Not thread-safe.
 */
public final class ProjectionFold {

    /** A read model's value with the time of the last record that changed it (its changelog record's time). */
    public record Stamped<T>(T value, long timestamp) {
    }

    /** An account's view, and the input partition, so the task, the account belongs to. */
    public record Placed(AccountView view, int partition, long timestamp) {
    }

    /** Where statement lines go as they are made: a line is final when made (one changelog record per line). */
    @FunctionalInterface
    public interface Lines {
        void line(int partition, String key, StatementEntry entry, long timestamp);
    }

    private final ProjectionHealth health;
    private final Lines lines;
    private final ActivityWindows[] activity;
    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, Stamped<TransferView>> transfers = new HashMap<>();
    private final Map<String, TotalsDelta> totals = new TreeMap<>();

    /**
     * @param partitions        the partitions of {@code ledger.events} (the account tasks)
     * @param activityRetention the daily activity store's retention
     */
    public ProjectionFold(int partitions, Duration activityRetention, ProjectionHealth health, Lines lines) {
        this.health = health;
        this.lines = lines;
        this.activity = new ActivityWindows[partitions];
        for (int i = 0; i < partitions; i++) {
            activity[i] = new ActivityWindows(activityRetention);
        }
    }

    /** Folds an event read from {@code partition}; {@code timestamp}: its record time as the topology extracts it. */
    public void apply(int partition, EventEnvelope envelope, long timestamp) {
        if (envelope.event() instanceof AccountEvent) {
            applyAccount(partition, envelope, timestamp);
        } else if (envelope.event() instanceof TransferEvent) {
            applyTransfer(envelope.event().aggregateId(), envelope, timestamp);
        }
    }

    private void applyAccount(int partition, EventEnvelope envelope, long timestamp) {
        String accountId = envelope.event().aggregateId();
        Account account = accounts.get(accountId);
        AccountChange change = AccountProjector.apply(account == null ? null : account.view, envelope, health);
        if (change == null) {
            return;
        }
        if (account == null) {
            account = new Account();
            accounts.put(accountId, account);
        }
        account.view = change.after();
        account.partition = partition;
        account.timestamp = timestamp;
        StatementEntry.of(change).ifPresent(entry -> lines.line(partition, StatementKeys.of(accountId, entry.seq()),
                entry, timestamp));
        AccountEvent event = (AccountEvent) envelope.event();
        if (AccountView.movement(event) != 0) {
            long start = DailyActivity.windowStart(DailyActivity.dayOf(change));
            ActivityWindows windows = activity[partition];
            windows.put(account.days, start, DailyActivity.after(windows.fetch(account.days, start), change),
                    timestamp);
        }
        // The portfolio takes each account's last view: folded from the final views at the end.
        TotalsDelta.of(change).ifPresent(delta -> totals.merge(change.after().currency(), delta, TotalsDelta::plus));
        String transferId = AccountView.transferId(event);
        if (transferId != null) {
            applyTransfer(transferId, envelope, timestamp);
        }
    }

    private void applyTransfer(String transferId, EventEnvelope envelope, long timestamp) {
        Stamped<TransferView> current = transfers.get(transferId);
        TransferView next = TransferProjector.apply(current == null ? null : current.value(), transferId, envelope,
                health);
        if (next != null) {
            transfers.put(transferId, new Stamped<>(next, timestamp));
        }
    }

    /** Each account's view, by account id. */
    public Map<String, Placed> accounts() {
        Map<String, Placed> placed = new HashMap<>();
        accounts.forEach((id, account) -> placed.put(id, new Placed(account.view, account.partition,
                account.timestamp)));
        return placed;
    }

    /** Each daily activity window a read of the store would find, with its account task. */
    public void forEachDay(DayConsumer each) {
        accounts.forEach((id, account) -> account.days.forEach((start, day) -> {
            if (activity[account.partition].visible(start)) {
                each.day(account.partition, id, start, day);
            }
        }));
    }

    @FunctionalInterface
    public interface DayConsumer {
        void day(int partition, String accountId, long windowStart, Stamped<DailyActivity> activity);
    }

    /** Each customer's portfolio: its accounts' last views, stamped with the latest of their times. */
    public Map<String, Stamped<Portfolio>> portfolios() {
        Map<String, Stamped<Portfolio>> portfolios = new HashMap<>();
        accounts.values().forEach(account -> portfolios.compute(account.view.customerId(), (customer, current) ->
                new Stamped<>(Portfolio.with(current == null ? null : current.value(), account.view),
                        Math.max(account.timestamp, current == null ? Long.MIN_VALUE : current.timestamp()))));
        return portfolios;
    }

    /** The ledger total of each currency. */
    public Map<String, LedgerTotal> totals() {
        Map<String, LedgerTotal> result = new TreeMap<>();
        totals.forEach((currency, delta) -> result.put(currency, LedgerTotal.plus(null, currency, delta)));
        return result;
    }

    /** Each transfer's view, including those whose request has not been seen (the topology stores them too). */
    public Map<String, Stamped<TransferView>> transfers() {
        return transfers;
    }

    /**
     * An account's view with its input partition and the time of its last change, and its daily activity windows by
     * window start: what the topology keeps in three stores of the account's task, found here with one lookup. An
     * account's events are all on one partition (the record key is the account id, which the decoder checks).
     */
    private static final class Account {
        private AccountView view;
        private int partition;
        private long timestamp;
        private final Map<Long, Stamped<DailyActivity>> days = new HashMap<>(4);
    }
}
