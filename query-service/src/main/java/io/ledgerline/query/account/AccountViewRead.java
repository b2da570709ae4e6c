package io.ledgerline.query.account;

import io.ledgerline.query.http.Answer;
import io.ledgerline.query.http.Answers;
import io.ledgerline.query.http.NotFoundException;
import io.ledgerline.query.http.ReadModels;
import io.ledgerline.query.http.Waits;
import io.ledgerline.query.projection.StoreCopy;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one read of an account view from this instance, behind both ways a GET reaches it: the controller (any request)
 * and the direct filter (a plain GET answered before Spring MVC, ADR 0042). What a caller gets is described on
 * {@link AccountController}. An account this instance owns is read from the task's in-memory copy of its views when it
 * is there (no lock; a miss reads the store and offers the view to the copy), a standby's from its store (ADR 0048):
 * the copy holds what the store holds, written by the projector right after each put, so the answer is the same.
 */
final class AccountViewRead {

    /** The view with whether it may be behind what the caller asked for. */
    record AccountAnswer(String accountId, String customerId, String holderName, String currency, long balance,
            AccountStatus status, long version, Instant updatedAt, boolean stale) {

        static AccountAnswer of(AccountView view, boolean stale) {
            return new AccountAnswer(view.accountId(), view.customerId(), view.holderName(), view.currency(),
                    view.balance(), view.status(), view.version(), view.updatedAt(), stale);
        }
    }

    private final Waits waits;

    AccountViewRead(Waits waits) {
        this.waits = waits;
    }

    /**
     * Reads {@code id}'s view once it has version {@code wanted} or {@code wait} has passed (at once for
     * {@link Duration#ZERO}); the answer is 404 without a view, {@code stale} when the copy may be behind or still
     * older than {@code wanted}, 304 when {@code If-None-Match} names its version.
     */
    Function<ReadModels.Local, CompletableFuture<Answer>> of(String id, long wanted, Duration wait,
            HttpServletRequest request) {
        return local -> {
            var views = local.<AccountView>keyValue(AccountProjector.STORE);
            StoreCopy<AccountView> copy = local.copy(AccountProjector.STORE);
            // The owner's copy first, without the store's lock (ADR 0048); a standby, or no copy, reads the store.
            Supplier<AccountView> read = copy == null ? () -> views.get(id) : () -> copy.read(id, views::get);
            return waits.until(() -> Optional.ofNullable(read.get()),
                            view -> view.isPresent() && view.get().version() >= wanted, wait,
                            local.changes(AccountProjector.STORE, id))
                    .thenApply(found -> {
                        AccountView view = found.orElseThrow(() -> new NotFoundException("account", id));
                        boolean stale = local.stale() || view.version() < wanted;
                        return Answers.versioned(AccountAnswer.of(view, stale), view.version(), request);
                    });
        };
    }

    /** A plain GET: the view as it is now. */
    Function<ReadModels.Local, CompletableFuture<Answer>> now(String id, HttpServletRequest request) {
        return of(id, 0, Duration.ZERO, request);
    }
}
