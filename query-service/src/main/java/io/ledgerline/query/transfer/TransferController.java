package io.ledgerline.query.transfer;

import io.ledgerline.query.http.Answers;
import io.ledgerline.query.http.NotFoundException;
import io.ledgerline.query.http.ReadLimits;
import io.ledgerline.query.http.ReadModels;
import io.ledgerline.query.http.Waits;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/transfers/{id}}: the transfer's terms, status and step timeline. With {@code waitMs} the answer
 * waits (without holding a thread, at most {@code ledgerline.reads.max-wait}) until the transfer is COMPLETED or
 * FAILED, then answers what it has; {@code stale} says it is not terminal yet. A transfer whose request has not
 * reached the view is unknown (404). The ETag is the view's revision.
 */
@RestController
class TransferController {

    record TransferAnswer(String transferId, String fromAccountId, String toAccountId, long amount, String currency,
            String reference, TransferView.Status status, boolean compensated, String failureReason,
            List<TransferStep> steps, long revision, boolean stale) {
    }

    private final ReadModels reads;
    private final Waits waits;
    private final ReadLimits limits;

    TransferController(ReadModels reads, Waits waits, ReadLimits limits) {
        this.reads = reads;
        this.waits = waits;
        this.limits = limits;
    }

    @GetMapping("/api/transfers/{id}")
    Object transfer(@PathVariable String id,
            @RequestParam(required = false) Long waitMs, HttpServletRequest request) {
        Duration wait = waitMs == null ? Duration.ZERO : limits.waitOf(waitMs);
        return reads.answer(TransferProjector.STORE, id, request, local -> {
            var views = local.<TransferView>keyValue(TransferProjector.STORE);
            return waits.until(() -> Optional.ofNullable(views.get(id)).filter(TransferView::requested),
                            view -> view.isPresent() && view.get().status().terminal(), wait,
                            local.changes(TransferProjector.STORE, id))
                    .thenApply(found -> {
                        TransferView view = found.orElseThrow(() -> new NotFoundException("transfer", id));
                        boolean stale = local.stale() || (waitMs != null && !view.status().terminal());
                        return Answers.versioned(new TransferAnswer(view.transferId(), view.fromAccountId(),
                                view.toAccountId(), view.amount(), view.currency(), view.reference(), view.status(),
                                view.compensated(), view.failureReason(), view.steps(), view.revision(), stale),
                                view.revision(), request);
                    });
        });
    }
}
