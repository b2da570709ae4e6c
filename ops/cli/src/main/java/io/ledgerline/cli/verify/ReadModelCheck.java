package io.ledgerline.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Compares a {@link LedgerFold} with the live read models over the query service's REST API. A read model that is
 * merely behind is waited for, within one budget for the whole check ({@code --wait}): account reads ask for the
 * fold's version ({@code minVersion}, the service waits up to its maximum, and is asked again while the view is
 * missing or behind), the other read models are read again until they agree or the budget is spent. What still
 * differs then is reported.
 *
 * <p>The fold stops at the end offsets seen at the start; a view that has already applied later events (writes in
 * flight during the check) cannot be compared with it. Such an account is counted as moved on and left out, with its
 * place in its customer's portfolio and its currency's totals; a transfer the fold has pending and the view has
 * finished is left out likewise.
 */
final class ReadModelCheck {

    /** The longest wait the query service grants one read ({@code ledgerline.reads.max-wait} by default). */
    private static final Duration MAX_SERVER_WAIT = Duration.ofSeconds(10);
    private static final Duration REREAD_PAUSE = Duration.ofMillis(100);

    private final QueryApi api;
    private final LedgerFold fold;
    private final long deadline;
    private final Consumer<Difference> report;
    private final Set<String> movedOn = new TreeSet<>();
    private final Set<String> movedOnCurrencies = new TreeSet<>();

    ReadModelCheck(QueryApi api, LedgerFold fold, Duration wait, Consumer<Difference> report) {
        this.api = api;
        this.fold = fold;
        this.deadline = System.nanoTime() + wait.toNanos();
        this.report = report;
    }

    void run() {
        Map<String, List<String>> customers = new TreeMap<>();
        fold.accounts().forEach((id, account) -> {
            checkAccount(id, account);
            customers.computeIfAbsent(account.customerId, c -> new ArrayList<>()).add(id);
        });
        customers.forEach((customer, accounts) -> settle(() -> portfolio(customer, accounts)));
        fold.transfers().forEach((id, transfer) -> {
            if (transfer.requested) {
                settle(() -> transfer(id, transfer));
            }
        });
        settle(this::totals);
    }

    /** Accounts and transfers left out because their views had moved past the fold. */
    long movedOn() {
        return movedOn.size();
    }

    private void checkAccount(String id, LedgerFold.Account account) {
        // The service waits at most MAX_SERVER_WAIT per read; a projection replaying a long log needs more.
        Optional<JsonNode> found = account(id, account.version);
        while (found.map(view -> view.path("version").asLong() < account.version).orElse(true)
                && !remaining().isZero()) {
            pause();
            found = account(id, account.version);
        }
        if (found.isEmpty()) {
            report.accept(new Difference("account", id, "exists", "version " + account.version, "missing"));
            return;
        }
        JsonNode view = found.get();
        if (view.path("version").asLong() > account.version) {
            movedOn.add(id);
            movedOnCurrencies.add(account.currency);
            return;
        }
        List<Difference> differences = new ArrayList<>();
        compare(differences, "account", id, "version", account.version, view.path("version").asLong());
        compare(differences, "account", id, "balance", account.balance, view.path("balance").asLong());
        compare(differences, "account", id, "status", account.status.name(), view.path("status").asText());
        compare(differences, "account", id, "customerId", account.customerId, view.path("customerId").asText());
        compare(differences, "account", id, "currency", account.currency, view.path("currency").asText());
        differences.forEach(report);
        if (account.lastMovement > 0) {
            // Its own store, which can be behind the account view it was read after: read again like the others.
            settle(() -> statement(id, account));
        }
    }

    /** The last statement line only: the line at the last movement's version, and none after it. */
    private List<Difference> statement(String id, LedgerFold.Account account) {
        JsonNode lines = api.get(QueryApi.path("/api/accounts/{}/statement", id) + "?after="
                + (account.lastMovement - 1) + "&limit=2", Duration.ZERO)
                .map(page -> page.path("entries")).orElseGet(MissingNode::getInstance);
        JsonNode last = lines.path(0);
        List<Difference> differences = new ArrayList<>();
        compare(differences, "statement", id, "last line", account.lastMovement + " balanceAfter "
                + account.balance, lines.size() == 1 ? last.path("seq").asLong() + " balanceAfter "
                + last.path("balanceAfter").asLong() : lines.size() + " line(s) from " + account.lastMovement);
        return differences;
    }

    private Optional<JsonNode> account(String id, long version) {
        Duration wait = remaining();
        return api.get(QueryApi.path("/api/accounts/{}", id) + "?minVersion=" + version + "&waitMs=" + wait.toMillis(),
                wait);
    }

    private List<Difference> portfolio(String customer, List<String> accounts) {
        Map<String, String> expected = new TreeMap<>();
        accounts.stream().filter(id -> !movedOn.contains(id)).forEach(id -> {
            LedgerFold.Account account = fold.accounts().get(id);
            expected.put(id, account.balance + " " + account.status);
        });
        Map<String, String> actual = new TreeMap<>();
        api.get(QueryApi.path("/api/customers/{}/accounts", customer), Duration.ZERO).ifPresent(portfolio ->
                portfolio.path("accounts").forEach(holding -> actual.put(holding.path("accountId").asText(),
                        holding.path("balance").asLong() + " " + holding.path("status").asText())));
        actual.keySet().removeAll(movedOn);
        List<Difference> differences = new ArrayList<>();
        compare(differences, "portfolio", customer, "accounts (balance status)", expected, actual);
        return differences;
    }

    private List<Difference> transfer(String id, LedgerFold.Transfer transfer) {
        List<Difference> differences = new ArrayList<>();
        Optional<JsonNode> found = api.get(QueryApi.path("/api/transfers/{}", id), Duration.ZERO);
        if (found.isEmpty()) {
            differences.add(new Difference("transfer", id, "exists", transfer.status, "missing"));
            return differences;
        }
        JsonNode view = found.get();
        if (transfer.status == LedgerFold.TransferStatus.PENDING && !view.path("status").asText().equals("PENDING")) {
            movedOn.add(id);
            return List.of();
        }
        compare(differences, "transfer", id, "status", transfer.status.name(), view.path("status").asText());
        compare(differences, "transfer", id, "compensated", transfer.compensated,
                view.path("compensated").asBoolean());
        compare(differences, "transfer", id, "amount", transfer.amount, view.path("amount").asLong());
        if (transfer.status != LedgerFold.TransferStatus.PENDING && transfer.inFlight != 0) {
            // The log against itself: a finished transfer has given back or passed on all it took.
            differences.add(new Difference("conservation", id, "money in flight after " + transfer.status, 0,
                    transfer.inFlight));
        }
        return differences;
    }

    private List<Difference> totals() {
        Map<String, JsonNode> live = new TreeMap<>();
        api.get("/api/ledger/totals", Duration.ZERO).ifPresent(totals -> totals.path("currencies")
                .forEach(total -> live.put(total.path("currency").asText(), total)));
        List<Difference> differences = new ArrayList<>();
        fold.totals().forEach((currency, total) -> {
            JsonNode view = live.remove(currency);
            if (movedOnCurrencies.contains(currency)) {
                return;
            }
            long balance = view == null ? 0 : view.path("balance").asLong();
            compare(differences, "totals", currency, "balance", total[0], balance);
            compare(differences, "totals", currency, "accounts", total[1], view == null ? 0 : view.path("accounts")
                    .asLong());
            // Conservation: money enters and leaves by deposits and withdrawals only; transfers move it.
            long conserved = fold.depositsMinusWithdrawals(currency) - fold.inFlight(currency);
            compare(differences, "conservation", currency, "deposits - withdrawals - in flight", conserved, balance);
        });
        live.forEach((currency, view) -> differences.add(new Difference("totals", currency, "exists", "no account",
                view.path("balance").asLong())));
        return differences;
    }

    /** Runs a comparison until it finds no difference or the wait budget is spent; reports what is left. */
    private void settle(Supplier<List<Difference>> comparison) {
        List<Difference> differences = comparison.get();
        while (!differences.isEmpty() && !remaining().isZero()) {
            pause();
            differences = comparison.get();
        }
        differences.forEach(report);
    }

    private Duration remaining() {
        long left = deadline - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(Math.min(left, MAX_SERVER_WAIT.toNanos()));
    }

    private static void pause() {
        try {
            Thread.sleep(REREAD_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the read models", e);
        }
    }

    private static void compare(List<Difference> differences, String model, String id, String field, Object log,
            Object readModel) {
        if (!Objects.equals(log, readModel)) {
            differences.add(new Difference(model, id, field, log, readModel));
        }
    }
}
