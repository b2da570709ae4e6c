package io.ledgerline.query.portfolio;

import io.ledgerline.query.http.Answers;
import io.ledgerline.query.http.NotFoundException;
import io.ledgerline.query.http.ReadModels;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/customers/{id}/accounts}: the customer's accounts and their totals per currency. Eventually
 * consistent with the account views (it is fed from them through a repartition topic); the ETag is the sum of the
 * accounts' versions.
 */
@RestController
class PortfolioController {

    record PortfolioAnswer(String customerId, List<Portfolio.Holding> accounts, Map<String, Long> totals,
            long version, boolean stale) {
    }

    private final ReadModels reads;

    PortfolioController(ReadModels reads) {
        this.reads = reads;
    }

    @GetMapping("/api/customers/{id}/accounts")
    Object portfolio(@PathVariable String id, HttpServletRequest request) {
        return reads.answer(PortfolioProjector.STORE, id, request, local -> {
            Portfolio portfolio = local.<Portfolio>keyValue(PortfolioProjector.STORE).get(id);
            if (portfolio == null) {
                throw new NotFoundException("customer", id);
            }
            return Answers.now(new PortfolioAnswer(id, portfolio.accounts(), portfolio.totals(), portfolio.version(),
                    local.stale()), portfolio.version(), request);
        });
    }
}
