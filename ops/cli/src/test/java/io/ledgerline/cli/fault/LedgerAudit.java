package io.ledgerline.cli.fault;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.outcome.OutcomeCode;
import io.ledgerline.topics.LedgerHeaders;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks what a load left on {@code ledger.command-results} and {@code ledger.events} (both read with
 * {@code read_committed}) against the load's independent model ({@link AccountLoad}).
 */
final class LedgerAudit {

    /** One record of {@code ledger.command-results}: the outcome and its {@code duplicate} header (null if none). */
    record Answer(CommandOutcome outcome, String duplicate) {
    }

    /** One record of {@code ledger.events}: its key and the decoded event. */
    record Recorded(String key, EventEnvelope envelope) {
    }

    private LedgerAudit() {
    }

    /**
     * Every command sent has exactly one outcome record per time it was sent; the first is the original, later ones
     * repeat it exactly (same code, version, event count and processing time) marked {@code duplicate=same}; and
     * every original is what the model expects.
     *
     * @param answers   per command id, in the order they were written (one key, one partition)
     * @param timesSent per command id, how often it was written to {@code ledger.commands}
     */
    static void outcomes(AccountLoad load, Map<String, List<Answer>> answers, Map<String, Integer> timesSent) {
        Violations v = new Violations("one outcome per command sent, as the model expects");
        for (String commandId : load.expected().keySet()) {
            v.check(answers.containsKey(commandId), () -> commandId + " has no outcome");
        }
        answers.forEach((commandId, all) -> {
            AccountLoad.Expected expected = load.expected().get(commandId);
            v.check(expected != null, () -> "an outcome for " + commandId + ", which was never sent");
            v.check(all.size() == timesSent.getOrDefault(commandId, 0), () -> commandId + " was sent "
                    + timesSent.getOrDefault(commandId, 0) + " time(s) but has " + all.size() + " outcome(s)");
            CommandOutcome original = all.get(0).outcome();
            v.check(all.get(0).duplicate() == null, () -> "the first outcome of " + commandId + " is marked duplicate="
                    + all.get(0).duplicate());
            for (Answer repeat : all.subList(1, all.size())) {
                v.check(repeat.outcome().equals(original), () -> "a repeat of " + commandId + " answered "
                        + repeat.outcome() + " where the original was " + original);
                v.check(LedgerHeaders.DUPLICATE_SAME.equals(repeat.duplicate()), () -> "a repeat of " + commandId
                        + " is marked duplicate=" + repeat.duplicate());
            }
            if (expected != null) {
                AccountLoad.Expected actual = new AccountLoad.Expected(original.code(), original.version());
                v.check(actual.equals(expected), () -> commandId + " was answered " + actual + " ("
                        + original.message() + "), the model expects " + expected);
                int events = expected.code() == OutcomeCode.ACCEPTED ? 1 : 0;
                v.check(original.eventCount() == events, () -> commandId + " reports " + original.eventCount()
                        + " events, the model expects " + events);
            }
        });
        v.assertNone();
    }

    /**
     * The events against the outcomes: each event id once; each account's versions exactly 1..n in log order; each
     * event caused by a command answered ACCEPTED, at a version the outcome covers; each ACCEPTED command's events
     * all there; balances folded from the events never negative and equal to the model's.
     */
    static void events(AccountLoad load, Map<String, List<Answer>> answers, List<Recorded> events) {
        Violations v = new Violations("events exactly once, contiguous versions, no event without an outcome");
        Set<String> eventIds = new HashSet<>();
        Map<String, Long> versions = new HashMap<>();
        Map<String, Long> balances = new HashMap<>();
        Map<String, Integer> eventsPerCommand = new HashMap<>();
        for (Recorded recorded : events) {
            EventEnvelope e = recorded.envelope();
            String eventId = e.meta().eventId();
            String account = e.event().aggregateId();
            v.check(recorded.key().equals(account), () -> "event " + eventId + " of " + account + " has key "
                    + recorded.key());
            v.check(eventIds.add(eventId), () -> "event " + eventId + " is recorded more than once");
            long due = versions.getOrDefault(account, 0L) + 1;
            v.check(e.meta().version() == due, () -> "event " + eventId + " has version " + e.meta().version()
                    + " where " + account + " was due version " + due);
            versions.put(account, e.meta().version());

            String commandId = e.meta().commandId();
            List<Answer> answered = answers.get(commandId);
            CommandOutcome outcome = answered == null ? null : answered.get(0).outcome();
            v.check(outcome != null, () -> "event " + eventId + " was caused by " + commandId
                    + ", which has no outcome");
            if (outcome != null) {
                v.check(outcome.code() == OutcomeCode.ACCEPTED, () -> "event " + eventId + " was caused by "
                        + commandId + ", which was answered " + outcome.code());
                v.check(outcome.version() != null && e.meta().version() <= outcome.version()
                        && e.meta().version() > outcome.version() - outcome.eventCount(), () -> "event " + eventId
                        + " has version " + e.meta().version() + ", outside what its outcome covers: " + outcome);
            }
            int index = eventsPerCommand.merge(commandId, 1, Integer::sum) - 1;
            v.check(eventId.equals(commandId + ":" + index), () -> "event " + eventId + " is the event number "
                    + index + " of " + commandId);

            long balance = balances.getOrDefault(account, 0L) + delta(e);
            balances.put(account, balance);
            v.check(balance >= 0, () -> "event " + eventId + " leaves " + account + " at " + balance);
        }
        answers.forEach((commandId, all) -> {
            CommandOutcome outcome = all.get(0).outcome();
            int expected = outcome.code() == OutcomeCode.ACCEPTED ? outcome.eventCount() : 0;
            int recorded = eventsPerCommand.getOrDefault(commandId, 0);
            v.check(recorded == expected, () -> commandId + " was answered " + outcome.code() + " with "
                    + outcome.eventCount() + " event(s) but has " + recorded + " on the log");
        });
        load.finalBalances().forEach((account, balance) -> v.check(Objects.equals(balances.get(account), balance),
                () -> account + " folds to " + balances.get(account) + ", the model says " + balance));
        v.check(balances.size() == load.finalBalances().size(), () -> "events for " + balances.size()
                + " accounts, the load opened " + load.finalBalances().size());
        v.assertNone();
    }

    /** What an event does to its account's balance; the load only opens accounts and moves money. */
    private static long delta(EventEnvelope envelope) {
        if (envelope.event() instanceof AccountEvent.AccountOpened) {
            return 0;
        }
        if (envelope.event() instanceof AccountEvent.MoneyDeposited d) {
            return d.amount();
        }
        if (envelope.event() instanceof AccountEvent.MoneyWithdrawn w) {
            return -w.amount();
        }
        throw new AssertionError("the load cannot cause " + envelope);
    }
}
