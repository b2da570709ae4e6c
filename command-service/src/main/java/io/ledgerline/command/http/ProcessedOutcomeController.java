package io.ledgerline.command.http;

import io.ledgerline.command.processing.ProcessedOutcomes;
import io.ledgerline.command.processing.ProcessedOutcomes.Lookup;
import io.ledgerline.command.status.OutcomeDocument;
import io.ledgerline.command.status.PeerOutcomes;
import io.ledgerline.command.status.StatusUnavailableException;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.constraints.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * What this instance's command processor recorded for a command id, and nothing else: the instance-to-instance
 * half of the status lookup ({@link PeerOutcomes} asks it). It never asks further, so two instances cannot ask each
 * other in circles. Not part of the public API (hidden from OpenAPI).
 */
@Hidden
@RestController
class ProcessedOutcomeController {

    private final ObjectProvider<ProcessedOutcomes> processed;

    ProcessedOutcomeController(ObjectProvider<ProcessedOutcomes> processed) {
        this.processed = processed;
    }

    @GetMapping(PeerOutcomes.PATH + "{commandId}")
    OutcomeDocument outcome(@PathVariable @Pattern(regexp = CommandHeaders.COMMAND_ID_PATTERN) String commandId) {
        ProcessedOutcomes outcomes = processed.getIfAvailable();
        Lookup lookup = outcomes == null ? new Lookup.Absent() : outcomes.find(commandId);
        if (lookup instanceof Lookup.Found found) {
            return OutcomeDocument.of(found.outcome());
        }
        if (lookup instanceof Lookup.Unavailable unavailable) {
            throw new StatusUnavailableException(commandId, unavailable.reason());
        }
        throw new UnknownCommandException(commandId);
    }
}
