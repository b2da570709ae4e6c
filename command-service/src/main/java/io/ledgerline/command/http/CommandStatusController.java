package io.ledgerline.command.http;

import io.ledgerline.command.gateway.CommandStatus;
import io.ledgerline.command.http.CommandAnswers.CommandStatusAnswer;
import io.ledgerline.command.status.CommandStatusLookup;
import io.ledgerline.outcome.CommandOutcome;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The status URL a 202 points to, answered by any instance for a command sent through any instance or straight to
 * Kafka ({@link CommandStatusLookup}; ADR 0013): PENDING for a command this instance sent and has no outcome for,
 * the recorded outcome, 404 when no instance knows the id, 503 when some partitions could not be searched.
 */
@RestController
@RequestMapping("/api/commands")
class CommandStatusController {

    static final String PENDING = "PENDING";
    static final String ACCEPTED = "ACCEPTED";
    static final String REJECTED = "REJECTED";

    private final CommandStatusLookup lookup;

    CommandStatusController(CommandStatusLookup lookup) {
        this.lookup = lookup;
    }

    @ApiResponse(responseCode = "200", description = "PENDING, ACCEPTED or REJECTED")
    @ApiResponse(responseCode = "404", description = "no instance knows the command (unknown-command)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "503", description = "not every partition could be searched; retry (unavailable)",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/{commandId}")
    CommandStatusAnswer status(
            @PathVariable @Pattern(regexp = CommandHeaders.COMMAND_ID_PATTERN,
                    message = "must be 1 to " + CommandHeaders.MAX_COMMAND_ID_LENGTH
                            + " characters from A-Z a-z 0-9 . _ : ~ -") String commandId,
            Caller caller) {
        CommandStatus status = lookup.status(commandId).orElseThrow(() -> new UnknownCommandException(commandId));
        if (status.outcome().isEmpty()) {
            return new CommandStatusAnswer(commandId, PENDING, null, null, null, null);
        }
        CommandOutcome outcome = status.outcome().get();
        return new CommandStatusAnswer(commandId, outcome.code().accepted() ? ACCEPTED : REJECTED,
                outcome.code().name(), outcome.message(), outcome.version(), outcome.aggregateId());
    }
}
