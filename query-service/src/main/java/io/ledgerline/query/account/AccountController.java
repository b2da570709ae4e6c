package io.ledgerline.query.account;

import io.ledgerline.query.http.Answers;
import io.ledgerline.query.http.NotFoundException;
import io.ledgerline.query.http.ReadAfter;
import io.ledgerline.query.http.ReadLimits;
import io.ledgerline.query.http.ReadModels;
import io.ledgerline.query.http.Waits;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/accounts/{id}}: the account view.
 *
 * <p>Consistency: the view is eventually consistent with {@code ledger.events}. A caller that wrote (the command
 * API's answer carries the account's new version) asks for {@code minVersion=N}: the answer waits, without holding a
 * thread, until the view has version N or for {@code waitMs} (default 2 s, at most 10 s), then answers what it has
 * with {@code stale=true} if it is still older. A view served by a standby copy, because the owning instance is gone,
 * is {@code stale} too. ETag is the version.
 */
@RestController
class AccountController {

    /** The view with whether it may be behind what the caller asked for. */
    record AccountAnswer(String accountId, String customerId, String holderName, String currency, long balance,
            AccountStatus status, long version, Instant updatedAt, boolean stale) {

        static AccountAnswer of(AccountView view, boolean stale) {
            return new AccountAnswer(view.accountId(), view.customerId(), view.holderName(), view.currency(),
                    view.balance(), view.status(), view.version(), view.updatedAt(), stale);
        }
    }

    private final ReadModels reads;
    private final Waits waits;
    private final ReadLimits limits;

    AccountController(ReadModels reads, Waits waits, ReadLimits limits) {
        this.reads = reads;
        this.waits = waits;
        this.limits = limits;
    }

    @GetMapping("/api/accounts/{id}")
    Object account(@PathVariable String id, ReadAfter after, HttpServletRequest request) {
        Long minVersion = after.minVersion();
        long wanted = ReadLimits.atLeast("minVersion", minVersion, 1, 0);
        Duration wait = minVersion == null ? Duration.ZERO : limits.waitOf(after.waitMs());
        return reads.answer(AccountProjector.STORE, id, request, local -> {
            var views = local.<AccountView>keyValue(AccountProjector.STORE);
            return waits.until(() -> Optional.ofNullable(views.get(id)),
                            view -> view.isPresent() && view.get().version() >= wanted, wait,
                            local.changes(AccountProjector.STORE, id))
                    .thenApply(found -> {
                        AccountView view = found.orElseThrow(() -> new NotFoundException("account", id));
                        boolean stale = local.stale() || view.version() < wanted;
                        return Answers.versioned(AccountAnswer.of(view, stale), view.version(), request);
                    });
        });
    }
}
