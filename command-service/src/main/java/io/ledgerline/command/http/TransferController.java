package io.ledgerline.command.http;

import io.ledgerline.command.http.CommandAnswers.TransferAnswer;
import io.ledgerline.command.http.CommandRequests.TransferRequest;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.transfer.TransferCommand;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Transfer requests. The answer is 202 even when the request is accepted: accepting records the transfer, and the
 * saga then debits and credits asynchronously; its progress is on the query side's transfer view.
 */
@RestController
@RequestMapping("/api/transfers")
class TransferController {

    static final String REQUESTED = "REQUESTED";

    private final CommandDispatch dispatch;

    TransferController(CommandDispatch dispatch) {
        this.dispatch = dispatch;
    }

    @ApiResponse(responseCode = "202", description = "requested; the saga moves the money")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TransferAnswer> request(@Valid @RequestBody TransferRequest body, CommandHeaders headers,
            Caller caller) {
        String transferId = AggregateIds.transfer(headers.commandId());
        CommandOutcome outcome = dispatch.execute(new TransferCommand.RequestTransfer(transferId,
                body.fromAccountId(), body.toAccountId(), body.amount(), body.currency(), body.reference()),
                headers, caller, Map.of("transferId", transferId));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new TransferAnswer(transferId, REQUESTED, outcome.commandId()));
    }
}
