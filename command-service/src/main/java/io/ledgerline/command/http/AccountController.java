package io.ledgerline.command.http;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.command.http.CommandAnswers.AccountAnswer;
import io.ledgerline.command.http.CommandRequests.MoneyRequest;
import io.ledgerline.command.http.CommandRequests.OpenAccountRequest;
import io.ledgerline.command.http.CommandRequests.ReasonRequest;
import io.ledgerline.outcome.CommandOutcome;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Account commands. Each answer carries the account's new version (body and {@code ETag}), which a client sends back
 * as {@code If-Match} for optimistic concurrency and gives the query side as {@code minVersion} to read its write.
 */
@RestController
@RequestMapping("/api/accounts")
class AccountController {

    private final CommandDispatch dispatch;

    AccountController(CommandDispatch dispatch) {
        this.dispatch = dispatch;
    }

    /** The account id is derived from the command id, so a retry with the same Idempotency-Key opens nothing new. */
    @ApiResponse(responseCode = "201", description = "opened; Location and ETag name the account and its version")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountAnswer> open(@Valid @RequestBody OpenAccountRequest body, CommandHeaders headers,
            Caller caller) {
        String accountId = AggregateIds.account(headers.commandId());
        CommandOutcome outcome = dispatch.execute(
                new AccountCommand.OpenAccount(accountId, body.customerId(), body.currency(), body.holderName()),
                headers, caller, Map.of("accountId", accountId));
        return answer(HttpStatus.CREATED, outcome)
                .location(URI.create("/api/accounts/" + accountId))
                .body(new AccountAnswer(accountId, outcome.version(), outcome.commandId()));
    }

    @ApiResponse(responseCode = "200", description = "done; ETag is the new version")
    @PostMapping(path = "/{accountId}/deposits", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountAnswer> deposit(@PathVariable String accountId,
            @Valid @RequestBody MoneyRequest body, CommandHeaders headers, Caller caller) {
        return ok(accountId, new AccountCommand.DepositMoney(accountId, body.amount(), body.reference()), headers,
                caller);
    }

    @ApiResponse(responseCode = "200", description = "done; ETag is the new version")
    @PostMapping(path = "/{accountId}/withdrawals", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountAnswer> withdraw(@PathVariable String accountId,
            @Valid @RequestBody MoneyRequest body, CommandHeaders headers, Caller caller) {
        return ok(accountId, new AccountCommand.WithdrawMoney(accountId, body.amount(), body.reference()), headers,
                caller);
    }

    @ApiResponse(responseCode = "200", description = "done; ETag is the new version")
    @PostMapping("/{accountId}/freeze")
    ResponseEntity<AccountAnswer> freeze(@PathVariable String accountId,
            @Valid @RequestBody(required = false) ReasonRequest body, CommandHeaders headers, Caller caller) {
        return ok(accountId, new AccountCommand.FreezeAccount(accountId, reason(body)), headers, caller);
    }

    @ApiResponse(responseCode = "200", description = "done; ETag is the new version")
    @PostMapping("/{accountId}/unfreeze")
    ResponseEntity<AccountAnswer> unfreeze(@PathVariable String accountId,
            @Valid @RequestBody(required = false) ReasonRequest body, CommandHeaders headers, Caller caller) {
        return ok(accountId, new AccountCommand.UnfreezeAccount(accountId, reason(body)), headers, caller);
    }

    @ApiResponse(responseCode = "200", description = "done; ETag is the new version")
    @PostMapping("/{accountId}/close")
    ResponseEntity<AccountAnswer> close(@PathVariable String accountId, CommandHeaders headers,
            Caller caller) {
        return ok(accountId, new AccountCommand.CloseAccount(accountId), headers, caller);
    }

    /**
     * The path's account id is checked here rather than by an {@code @AggregateId} on the parameter: a constraint on
     * a parameter turns on Spring MVC's method validation for the whole method, ~9 % of a command's request-thread
     * CPU (ADR 0039), where the body's {@code @Valid} alone is checked by the argument resolver. Same rule, same 400;
     * a body that is invalid too is reported first.
     */
    private ResponseEntity<AccountAnswer> ok(String accountId, AccountCommand command, CommandHeaders headers,
            Caller caller) {
        if (!AggregateId.Check.valid(accountId)) {
            throw new InvalidPathException("accountId", AggregateId.MESSAGE);
        }
        CommandOutcome outcome = dispatch.execute(command, headers, caller, Map.of("accountId", accountId));
        return answer(HttpStatus.OK, outcome).body(new AccountAnswer(accountId, outcome.version(), outcome.commandId()));
    }

    private static ResponseEntity.BodyBuilder answer(HttpStatus status, CommandOutcome outcome) {
        return ResponseEntity.status(status).eTag("\"" + outcome.version() + "\"");
    }

    private static String reason(ReasonRequest body) {
        return body == null ? null : body.reason();
    }
}
