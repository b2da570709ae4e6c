package io.ledgerline.query.totals;

import io.ledgerline.query.http.Answers;
import io.ledgerline.query.http.ReadModels;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/ledger/totals}: per currency, the sum of all balances and the number of accounts not closed: the
 * conservation check (the sum equals deposits minus withdrawals). All currencies live in the one partition of the
 * by-currency topic, so one instance answers for all of them. The ETag is the sum of the totals' versions.
 */
@RestController
class TotalsController {

    /** Any key: the totals store has one partition. */
    private static final String ROUTING_KEY = "totals";

    record TotalsAnswer(List<LedgerTotal> currencies, long version, boolean stale) {
    }

    private final ReadModels reads;

    TotalsController(ReadModels reads) {
        this.reads = reads;
    }

    @GetMapping("/api/ledger/totals")
    Object totals(HttpServletRequest request) {
        return reads.answer(TotalsProjector.STORE, ROUTING_KEY, request, local -> {
            List<LedgerTotal> totals = new ArrayList<>();
            try (KeyValueIterator<String, LedgerTotal> all = local.<LedgerTotal>keyValue(TotalsProjector.STORE)
                    .all()) {
                all.forEachRemaining(entry -> totals.add(entry.value));
            }
            long version = totals.stream().mapToLong(LedgerTotal::version).sum();
            return Answers.now(new TotalsAnswer(totals, version, local.stale()), version, request);
        });
    }
}
