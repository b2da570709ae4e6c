package io.ledgerline.query.statement;

import io.ledgerline.query.account.AccountProjector;
import io.ledgerline.query.account.AccountView;
import io.ledgerline.query.http.Answers;
import io.ledgerline.query.http.NotFoundException;
import io.ledgerline.query.http.ReadLimits;
import io.ledgerline.query.http.ReadModels;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/accounts/{id}/statement?after=<seq>&limit=<n>}: one page of the account's statement, oldest
 * first. {@code next} is the cursor of the next page (pass it as {@code after}), null on the last page. The ETag is
 * the account's version (the statement changes only when the account does).
 */
@RestController
class StatementController {

    record StatementPage(String accountId, List<StatementEntry> entries, Long next, boolean stale) {
    }

    private final ReadModels reads;
    private final ReadLimits limits;

    StatementController(ReadModels reads, ReadLimits limits) {
        this.reads = reads;
        this.limits = limits;
    }

    @GetMapping("/api/accounts/{id}/statement")
    Object statement(@PathVariable String id,
            @RequestParam(required = false) Long after, @RequestParam(required = false) Integer limit,
            HttpServletRequest request) {
        long from = ReadLimits.atLeast("after", after, 0, 0);
        int size = limits.limitOf(limit);
        return reads.answer(StatementProjector.STORE, id, request, local -> {
            AccountView account = local.<AccountView>keyValue(AccountProjector.STORE).get(id);
            if (account == null) {
                throw new NotFoundException("account", id);
            }
            List<StatementEntry> entries = new ArrayList<>(size);
            boolean more = false;
            try (KeyValueIterator<String, StatementEntry> range = local.<StatementEntry>keyValue(
                    StatementProjector.STORE).range(StatementKeys.from(id, from), StatementKeys.to(id))) {
                while (range.hasNext()) {
                    StatementEntry entry = range.next().value;
                    if (entries.size() == size) {
                        more = true;
                        break;
                    }
                    entries.add(entry);
                }
            }
            Long next = more ? entries.get(entries.size() - 1).seq() : null;
            return Answers.now(new StatementPage(id, entries, next, local.stale()), account.version(), request);
        });
    }
}
