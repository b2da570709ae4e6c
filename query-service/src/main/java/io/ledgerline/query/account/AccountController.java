package io.ledgerline.query.account;

import io.ledgerline.query.http.ReadAfter;
import io.ledgerline.query.http.ReadLimits;
import io.ledgerline.query.http.ReadModels;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
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
 *
 * <p>A plain GET of a key this instance owns is usually answered before this controller, by the same read
 * ({@link AccountViewRead}) in a filter (ADR 0042); this controller answers every other one.
 */
@RestController
class AccountController {

    static final String PATH = "/api/accounts/{id}";

    private final ReadModels reads;
    private final AccountViewRead views;
    private final ReadLimits limits;

    AccountController(ReadModels reads, AccountViewRead views, ReadLimits limits) {
        this.reads = reads;
        this.views = views;
        this.limits = limits;
    }

    @GetMapping(PATH)
    Object account(@PathVariable String id, ReadAfter after, HttpServletRequest request) {
        Long minVersion = after.minVersion();
        long wanted = ReadLimits.atLeast("minVersion", minVersion, 1, 0);
        Duration wait = minVersion == null ? Duration.ZERO : limits.waitOf(after.waitMs());
        return reads.answer(AccountProjector.STORE, id, request, views.of(id, wanted, wait, request));
    }
}
