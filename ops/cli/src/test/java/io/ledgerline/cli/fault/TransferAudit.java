package io.ledgerline.cli.fault;

import io.ledgerline.account.AccountEvent;
import io.ledgerline.cli.fault.LedgerAudit.Recorded;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.transfer.TransferEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Folds this run's part of {@code ledger.events} (read with {@code read_committed}) and checks it against the
 * transfer load's expectations: every transfer settled exactly once and as expected, every effect applied at most
 * once, exactly one debit reversal for each compensated transfer and none elsewhere, no balance ever negative, and
 * the sum of all balances equal to the sum of the deposits.
 */
final class TransferAudit {

    private TransferAudit() {
    }

    /** Transfers with a TransferCompleted or TransferFailed among {@code events}. */
    static Set<String> settled(List<Recorded> events) {
        Set<String> settled = new HashSet<>();
        for (Recorded recorded : events) {
            LedgerEvent e = recorded.envelope().event();
            if (e instanceof TransferEvent.TransferCompleted c) {
                settled.add(c.transferId());
            } else if (e instanceof TransferEvent.TransferFailed f) {
                settled.add(f.transferId());
            }
        }
        return settled;
    }

    static void check(TransferLoad load, List<Recorded> events) {
        Violations v = new Violations("the transfer saga's end-to-end invariants");
        Map<String, Long> balances = new HashMap<>();
        Map<String, Map<String, Integer>> perTransfer = new HashMap<>();
        Map<String, LedgerEvent> settlement = new HashMap<>();
        Set<String> eventIds = new HashSet<>();
        for (Recorded recorded : events) {
            EventEnvelope envelope = recorded.envelope();
            LedgerEvent e = envelope.event();
            v.check(eventIds.add(envelope.meta().eventId()),
                    () -> "event " + envelope.meta().eventId() + " is recorded more than once");
            long delta = delta(e);
            if (delta != 0) {
                long balance = balances.merge(e.aggregateId(), delta, Long::sum);
                v.check(balance >= 0, () -> e.aggregateId() + " went negative: " + balance + " after " + e);
            }
            transferOf(e).ifPresent(t -> perTransfer.computeIfAbsent(t, k -> new HashMap<>())
                    .merge(e.getClass().getSimpleName(), 1, Integer::sum));
            if (e instanceof TransferEvent.TransferCompleted || e instanceof TransferEvent.TransferFailed) {
                settlement.put(((TransferEvent) e).transferId(), e);
            }
        }
        load.expected().forEach((transferId, expected) -> {
            Map<String, Integer> counts = perTransfer.getOrDefault(transferId, Map.of());
            int settlements = counts.getOrDefault("TransferCompleted", 0) + counts.getOrDefault("TransferFailed", 0);
            v.check(settlements == 1, () -> transferId + " settled " + settlements + " times: " + counts);
            for (String effect : List.of("TransferRequested", "TransferDebited", "TransferCredited",
                    "TransferDebitDeclined", "TransferCreditDeclined")) {
                v.check(counts.getOrDefault(effect, 0) <= 1, () -> transferId + " has " + effect + " more than once: "
                        + counts);
            }
            int reversals = counts.getOrDefault("TransferDebitReversed", 0);
            int expectedReversals = expected == TransferLoad.Expected.FAILED_COMPENSATED ? 1 : 0;
            v.check(reversals == expectedReversals, () -> transferId + " (" + expected + ") has " + reversals
                    + " debit reversal(s): " + counts);
            LedgerEvent settled = settlement.get(transferId);
            v.check(matches(expected, settled), () -> transferId + " should end " + expected + " but ended " + settled);
        });
        long total = balances.values().stream().mapToLong(Long::longValue).sum();
        v.check(total == load.deposits(), () -> "balances sum to " + total + ", deposits to " + load.deposits());
        v.assertNone();
    }

    private static boolean matches(TransferLoad.Expected expected, LedgerEvent settled) {
        switch (expected) {
            case COMPLETED:
                return settled instanceof TransferEvent.TransferCompleted;
            case FAILED_COMPENSATED:
                return settled instanceof TransferEvent.TransferFailed f && f.compensated();
            case FAILED_NO_FUNDS:
                return settled instanceof TransferEvent.TransferFailed f && !f.compensated();
            default:
                throw new IllegalArgumentException(expected.name());
        }
    }

    private static Optional<String> transferOf(LedgerEvent e) {
        if (e instanceof TransferEvent t) {
            return Optional.of(t.transferId());
        }
        if (e instanceof AccountEvent.TransferDebited d) {
            return Optional.of(d.transferId());
        }
        if (e instanceof AccountEvent.TransferCredited c) {
            return Optional.of(c.transferId());
        }
        if (e instanceof AccountEvent.TransferDebitDeclined d) {
            return Optional.of(d.transferId());
        }
        if (e instanceof AccountEvent.TransferCreditDeclined c) {
            return Optional.of(c.transferId());
        }
        if (e instanceof AccountEvent.TransferDebitReversed r) {
            return Optional.of(r.transferId());
        }
        return Optional.empty();
    }

    /** How an event changes its account's balance. */
    private static long delta(LedgerEvent e) {
        if (e instanceof AccountEvent.MoneyDeposited d) {
            return d.amount();
        }
        if (e instanceof AccountEvent.MoneyWithdrawn w) {
            return -w.amount();
        }
        if (e instanceof AccountEvent.TransferDebited d) {
            return -d.amount();
        }
        if (e instanceof AccountEvent.TransferCredited c) {
            return c.amount();
        }
        if (e instanceof AccountEvent.TransferDebitReversed r) {
            return r.amount();
        }
        return 0;
    }
}
