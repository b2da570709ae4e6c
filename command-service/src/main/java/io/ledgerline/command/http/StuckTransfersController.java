package io.ledgerline.command.http;

import io.ledgerline.command.saga.SagaQueries;
import io.ledgerline.command.saga.SagaStreams;
import io.ledgerline.command.saga.StuckTransfer;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator listing of STUCK transfers (ADR 0008, ADR 0010): what the saga of this instance's tasks stopped on
 * and why. It answers from the local saga stores only ({@code scope: "local"}); with several saga instances an
 * operator asks each, or reads the {@code ledgerline.saga.transfers{status=STUCK}} gauge of each first.
 */
@RestController
@RequestMapping("/api/ops/transfers")
class StuckTransfersController {

    static final int MAX_LIMIT = 1_000;

    private final ObjectProvider<SagaStreams> saga;

    StuckTransfersController(ObjectProvider<SagaStreams> saga) {
        this.saga = saga;
    }

    @ApiResponse(responseCode = "200", description = "the STUCK transfers of this instance's saga tasks")
    @ApiResponse(responseCode = "503", description = "the saga does not run here, or is starting or rebalancing",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/stuck")
    StuckTransfersAnswer stuck(
            @RequestParam(defaultValue = "100") @Min(1) @Max(MAX_LIMIT) int limit, Caller caller) {
        SagaStreams running = saga.getIfAvailable();
        if (running == null) {
            throw new SagaUnavailableException("the transfer saga does not run in this instance "
                    + "(ledgerline.saga.enabled=false); ask an instance that runs it");
        }
        try {
            return new StuckTransfersAnswer("local", SagaQueries.of(running.streams()).stuck(limit));
        } catch (InvalidStateStoreException e) {
            throw new SagaUnavailableException("the saga stores cannot be read now (starting or rebalancing)");
        }
    }

    /** @param scope always {@code local}: the saga tasks of this instance */
    record StuckTransfersAnswer(String scope, List<StuckTransfer> transfers) {
    }
}
