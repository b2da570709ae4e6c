package io.ledgerline.command.http;

import io.ledgerline.command.gateway.CommandGateway;
import io.ledgerline.command.gateway.CommandStatus;
import io.ledgerline.command.http.CommandAnswers.CommandStatusAnswer;
import io.ledgerline.outcome.CommandOutcome;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The status URL a 202 points to. It answers from what this instance knows: commands it sent (PENDING until their
 * outcome arrives) and recent outcomes it read; anything else is a 404 (ADR 0007 explains the gap).
 */
@RestController
@RequestMapping("/api/commands")
class CommandStatusController {

    static final String PENDING = "PENDING";
    static final String ACCEPTED = "ACCEPTED";
    static final String REJECTED = "REJECTED";

    private final CommandGateway gateway;

    CommandStatusController(CommandGateway gateway) {
        this.gateway = gateway;
    }

    @ApiResponse(responseCode = "200", description = "PENDING, ACCEPTED or REJECTED")
    @ApiResponse(responseCode = "404", description = "not known to this instance (ADR 0007)",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/{commandId}")
    CommandStatusAnswer status(
            @PathVariable @Pattern(regexp = CommandHeaders.COMMAND_ID_PATTERN,
                    message = "must be 1 to " + CommandHeaders.MAX_COMMAND_ID_LENGTH
                            + " characters from A-Z a-z 0-9 . _ : ~ -") String commandId,
            Caller caller) {
        CommandStatus status = gateway.status(commandId).orElseThrow(() -> new UnknownCommandException(commandId));
        if (status.outcome().isEmpty()) {
            return new CommandStatusAnswer(commandId, PENDING, null, null, null, null);
        }
        CommandOutcome outcome = status.outcome().get();
        return new CommandStatusAnswer(commandId, outcome.code().accepted() ? ACCEPTED : REJECTED,
                outcome.code().name(), outcome.message(), outcome.version(), outcome.aggregateId());
    }
}
