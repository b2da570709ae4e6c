package io.ledgerline.command.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.command.gateway.CommandGateway;
import io.ledgerline.command.gateway.CommandNotSentException;
import io.ledgerline.command.gateway.CommandStatus;
import io.ledgerline.command.gateway.IdempotencyKeyReusedException;
import io.ledgerline.command.gateway.Reply;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.outcome.OutcomeCode;
import io.ledgerline.transfer.TransferCommand;
import io.ledgerline.web.ProblemType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The REST edge with a mocked gateway: validation, header parsing and the mapping of every answer. */
@WebMvcTest(controllers = {AccountController.class, TransferController.class, CommandStatusController.class})
@Import({HttpConfiguration.class, CommandApiTest.Meters.class})
class CommandApiTest {

    private static final String PROBLEMS = ProblemType.BASE;
    private static final String OPEN = "{\"customerId\":\"cust-1\",\"currency\":\"EUR\",\"holderName\":\"Ada\"}";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CommandGateway gateway;

    /** The request timer (web-support's filter, imported by HttpConfiguration) records into a registry. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void givenIdempotencyKey_whenOpen_then201WithDerivedAccountIdVersionAndETag() throws Exception {
        answer(OutcomeCode.ACCEPTED, 1L, null);
        String accountId = AggregateIds.account("key-1");

        mvc.perform(post("/api/accounts").contentType(MediaType.APPLICATION_JSON).content(OPEN)
                        .header("Idempotency-Key", "key-1"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/accounts/" + accountId))
                .andExpect(header().string("ETag", "\"1\""))
                .andExpect(jsonPath("$.accountId").value(accountId))
                .andExpect(jsonPath("$.version").value(1))
                .andExpect(jsonPath("$.commandId").value("key-1"));

        CommandEnvelope sent = sent();
        assertThat(sent.meta().commandId()).isEqualTo("key-1");
        assertThat(sent.command()).isEqualTo(new AccountCommand.OpenAccount(accountId, "cust-1", "EUR", "Ada"));
        verify(gateway).send(any(), eq(Caller.ANONYMOUS.name()), eq(Duration.ofSeconds(5)));
    }

    @Test
    void givenDeposit_whenAccepted_thenAnswerIsTheJsonOfItsRecordWithLength() throws Exception {
        answer(OutcomeCode.ACCEPTED, 4L, null);

        mvc.perform(post("/api/accounts/acc-1/deposits").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amount\":10}").header("Idempotency-Key", "key-2"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", MediaType.APPLICATION_JSON_VALUE))
                .andExpect(header().string("Content-Length", "53"))
                .andExpect(header().string("ETag", "\"4\""))
                .andExpect(content().string("{\"accountId\":\"acc-1\",\"version\":4,\"commandId\":\"key-2\"}"));
    }

    @Test
    void givenAcceptWithoutJson_whenDeposit_then406Problem() throws Exception {
        answer(OutcomeCode.ACCEPTED, 4L, null);

        mvc.perform(post("/api/accounts/acc-1/deposits").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amount\":10}").accept(MediaType.APPLICATION_XML))
                .andExpect(status().isNotAcceptable());
    }

    @Test
    void givenNoIdempotencyKey_whenOpen_thenCommandIdIsGenerated() throws Exception {
        answer(OutcomeCode.ACCEPTED, 1L, null);

        mvc.perform(post("/api/accounts").contentType(MediaType.APPLICATION_JSON).content(OPEN))
                .andExpect(status().isCreated());

        CommandEnvelope sent = sent();
        assertThat(sent.meta().commandId()).matches("[0-9a-f-]{36}");
        assertThat(sent.command().aggregateId()).isEqualTo(AggregateIds.account(sent.meta().commandId()));
    }

    @Test
    void givenMissingAndOversizedFields_whenOpen_then400ListingEveryField() throws Exception {
        String body = "{\"currency\":\"eur\",\"holderName\":\"" + "x".repeat(201) + "\"}";

        problem(post("/api/accounts").contentType(MediaType.APPLICATION_JSON).content(body), 400, "validation")
                .andExpect(jsonPath("$.errors[*].field", hasItem("customerId")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("currency")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("holderName")));
        verify(gateway, never()).send(any(), anyString(), any());
    }

    @Test
    void givenHolderNameOf200CodePointsOutsideTheBmp_whenOpen_thenAcceptedLikeTheDomainCountsIt() throws Exception {
        answer(OutcomeCode.ACCEPTED, 1L, null);
        String name = "\uD83D\uDE00".repeat(200);

        mvc.perform(post("/api/accounts").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"customerId\":\"c\",\"currency\":\"EUR\",\"holderName\":\"" + name + "\"}"))
                .andExpect(status().isCreated());
    }

    @Test
    void givenFractionStringOrBooleanAmount_whenDeposit_then400NamingTheField() throws Exception {
        for (String amount : new String[] {"10.5", "\"10\"", "true", "1e3", "99999999999999999999"}) {
            problem(deposit("acc-1", "{\"amount\":" + amount + "}"), 400, "malformed-request")
                    .andExpect(jsonPath("$.detail", containsString("amount")));
        }
        verify(gateway, never()).send(any(), anyString(), any());
    }

    @Test
    void givenZeroNegativeOrMissingAmount_whenWithdraw_then400() throws Exception {
        for (String body : new String[] {"{\"amount\":0}", "{\"amount\":-5}", "{}"}) {
            problem(post("/api/accounts/acc-1/withdrawals").contentType(MediaType.APPLICATION_JSON).content(body),
                    400, "validation")
                    .andExpect(jsonPath("$.errors[0].field").value("amount"));
        }
    }

    @Test
    void givenNumberWhereTextIsExpected_whenOpen_then400NamingTheField() throws Exception {
        problem(post("/api/accounts").contentType(MediaType.APPLICATION_JSON)
                .content("{\"customerId\":123,\"currency\":\"EUR\",\"holderName\":\"Ada\"}"), 400, "malformed-request")
                .andExpect(jsonPath("$.detail", containsString("customerId")));
    }

    @Test
    void givenUnknownFieldOrBrokenJson_whenDeposit_then400() throws Exception {
        problem(deposit("acc-1", "{\"amount\":5,\"ammount\":5}"), 400, "malformed-request");
        problem(deposit("acc-1", "{\"amount\":"), 400, "malformed-request");
        problem(deposit("acc-1", ""), 400, "malformed-request");
    }

    @Test
    void givenAccountIdWithWhitespaceOrTooLong_whenDeposit_then400() throws Exception {
        problem(deposit("a b", "{\"amount\":5}"), 400, "validation")
                .andExpect(jsonPath("$.errors[0].field").value("accountId"));
        problem(deposit("a".repeat(65), "{\"amount\":5}"), 400, "validation");
        problem(post("/api/accounts/{id}/freeze", "a\tb"), 400, "validation")
                .andExpect(jsonPath("$.errors[0].field").value("accountId"))
                .andExpect(jsonPath("$.errors[0].message").value(AggregateId.MESSAGE));
        verify(gateway, never()).send(any(), anyString(), any());
    }

    @Test
    void givenBadAccountIdAndBadBody_whenDeposit_then400NamingTheBody() throws Exception {
        problem(deposit("a b", "{\"amount\":-5}"), 400, "validation")
                .andExpect(jsonPath("$.errors[0].field").value("amount"));
    }

    @Test
    void givenTextPlain_whenDeposit_then415Problem() throws Exception {
        problem(post("/api/accounts/acc-1/deposits").contentType(MediaType.TEXT_PLAIN).content("5"), 415,
                "unsupported-media-type");
    }

    @Test
    void givenBodyOverTheLimit_whenDeposit_then413BeforeParsing() throws Exception {
        String big = "{\"amount\":5,\"reference\":\"" + "r".repeat(17 * 1024) + "\"}";

        problem(deposit("acc-1", big), 413, "payload-too-large");
        verify(gateway, never()).send(any(), anyString(), any());
    }

    @Test
    void givenIfMatch_whenDeposit_thenExpectedVersionIsSent() throws Exception {
        answer(OutcomeCode.ACCEPTED, 4L, null);

        mvc.perform(deposit("acc-1", "{\"amount\":5,\"reference\":\"rent\"}").header("If-Match", "\"3\""))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"4\""))
                .andExpect(jsonPath("$.accountId").value("acc-1"))
                .andExpect(jsonPath("$.version").value(4));

        CommandEnvelope sent = sent();
        assertThat(sent.meta().expectedVersion()).isEqualTo(3L);
        assertThat(sent.command()).isEqualTo(new AccountCommand.DepositMoney("acc-1", 5, "rent"));
    }

    @Test
    void givenMalformedIfMatch_whenDeposit_then400NamingTheHeader() throws Exception {
        for (String ifMatch : new String[] {"3", "W/\"3\"", "*", "\"3\", \"4\"", "\"-1\"", "\"abc\""}) {
            problem(deposit("acc-1", "{\"amount\":5}").header("If-Match", ifMatch), 400, "malformed-request")
                    .andExpect(jsonPath("$.header").value("If-Match"));
        }
        verify(gateway, never()).send(any(), anyString(), any());
    }

    @Test
    void givenMalformedIdempotencyKey_whenDeposit_then400() throws Exception {
        for (String key : new String[] {"has space", "x".repeat(129), "slash/y", "é"}) {
            problem(deposit("acc-1", "{\"amount\":5}").header("Idempotency-Key", key), 400, "malformed-request")
                    .andExpect(jsonPath("$.header").value("Idempotency-Key"));
        }
    }

    @Test
    void givenEachRefusal_whenWithdraw_thenItsStatusAndType() throws Exception {
        expectRefusal(OutcomeCode.REJECTED_RULE, 422, "rule-broken");
        expectRefusal(OutcomeCode.NOT_FOUND, 404, "not-found");
        expectRefusal(OutcomeCode.ALREADY_EXISTS, 409, "already-exists");
        expectRefusal(OutcomeCode.REJECTED_VALIDATION, 400, "validation");
        expectRefusal(OutcomeCode.UNKNOWN, 502, "unknown-outcome");
    }

    @Test
    void givenVersionConflict_whenWithdraw_then412WithTheCurrentVersionAsETag() throws Exception {
        answer(OutcomeCode.VERSION_CONFLICT, 7L, "expected acc-1 at version 3 but it is at version 7");

        problem(withdraw("{\"amount\":5}").header("If-Match", "\"3\""), 412, "version-mismatch")
                .andExpect(header().string("ETag", "\"7\""))
                .andExpect(jsonPath("$.version").value(7))
                .andExpect(jsonPath("$.detail").value("expected acc-1 at version 3 but it is at version 7"));
    }

    @Test
    void givenNoOutcomeWithinTheWait_whenOpen_then202WithStatusUrlAndAccountId() throws Exception {
        when(gateway.send(any(), anyString(), any())).thenAnswer(
                call -> new Reply.Pending(call.getArgument(0, CommandEnvelope.class).meta().commandId()));

        problem(post("/api/accounts").contentType(MediaType.APPLICATION_JSON).content(OPEN)
                .header("Idempotency-Key", "slow-1"), 202, "command-pending")
                .andExpect(header().string("Location", "/api/commands/slow-1"))
                .andExpect(jsonPath("$.commandId").value("slow-1"))
                .andExpect(jsonPath("$.commandStatus").value("PENDING"))
                .andExpect(jsonPath("$.accountId").value(AggregateIds.account("slow-1")));
    }

    @Test
    void givenKeyReusedForAnotherBody_whenDeposit_then422() throws Exception {
        when(gateway.send(any(), anyString(), any())).thenThrow(new IdempotencyKeyReusedException("k"));

        problem(deposit("acc-1", "{\"amount\":5}").header("Idempotency-Key", "k"), 422, "idempotency-key-reused")
                .andExpect(jsonPath("$.commandId").value("k"));
    }

    @Test
    void givenKafkaDown_whenDeposit_then503WithRetryAfter() throws Exception {
        when(gateway.send(any(), anyString(), any()))
                .thenThrow(new CommandNotSentException("c", new IllegalStateException("broker gone")));

        problem(deposit("acc-1", "{\"amount\":5}"), 503, "unavailable")
                .andExpect(header().string("Retry-After", "1"));
    }

    @Test
    void givenUnexpectedFailure_whenDeposit_then500WithoutInternals() throws Exception {
        when(gateway.send(any(), anyString(), any())).thenThrow(new IllegalStateException("secret internals"));

        problem(deposit("acc-1", "{\"amount\":5}"), 500, "internal")
                .andExpect(content().string(not(containsString("secret"))))
                .andExpect(content().string(not(containsString("Exception"))))
                .andExpect(content().string(not(containsString("at io.ledgerline"))));
    }

    @Test
    void givenPreferHeader_whenDeposit_thenTheWaitFollowsItWithinTheMaximum() throws Exception {
        answer(OutcomeCode.ACCEPTED, 2L, null);

        mvc.perform(deposit("acc-1", "{\"amount\":5}").header("Prefer", "wait=1")).andExpect(status().isOk());
        mvc.perform(deposit("acc-1", "{\"amount\":5}").header("Prefer", "respond-async"))
                .andExpect(status().isOk());
        mvc.perform(deposit("acc-1", "{\"amount\":5}").header("Prefer", "respond-async, wait=999"))
                .andExpect(status().isOk());

        ArgumentCaptor<Duration> waits = ArgumentCaptor.forClass(Duration.class);
        verify(gateway, org.mockito.Mockito.times(3)).send(any(), anyString(), waits.capture());
        assertThat(waits.getAllValues()).containsExactly(Duration.ofSeconds(1), Duration.ZERO,
                Duration.ofSeconds(30));
    }

    @Test
    void givenOptionalBodies_whenFreezeUnfreezeClose_then200() throws Exception {
        answer(OutcomeCode.ACCEPTED, 2L, null);

        mvc.perform(post("/api/accounts/acc-1/freeze")).andExpect(status().isOk());
        mvc.perform(post("/api/accounts/acc-1/unfreeze").contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\":\"cleared\"}")).andExpect(status().isOk());
        mvc.perform(post("/api/accounts/acc-1/close")).andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(2));
    }

    @Test
    void givenJsonInUtf8OrLatin1_whenDeposit_thenTheTextIsReadInTheDeclaredCharset() throws Exception {
        answer(OutcomeCode.ACCEPTED, 2L, null);
        String body = "{\"amount\":5,\"reference\":\"caf\u00e9\"}";

        mvc.perform(post("/api/accounts/acc-1/deposits").contentType("application/json;charset=UTF-8")
                .content(body.getBytes(StandardCharsets.UTF_8))).andExpect(status().isOk());
        mvc.perform(post("/api/accounts/acc-1/deposits").contentType("application/json; charset=ISO-8859-1")
                .content(body.getBytes(StandardCharsets.ISO_8859_1))).andExpect(status().isOk());

        ArgumentCaptor<CommandEnvelope> sent = ArgumentCaptor.forClass(CommandEnvelope.class);
        verify(gateway, times(2)).send(sent.capture(), anyString(), any());
        assertThat(sent.getAllValues()).extracting(CommandEnvelope::command).containsOnly(
                new AccountCommand.DepositMoney("acc-1", 5, "caf\u00e9"));
    }

    @Test
    void givenNullBody_whenDeposit_then400MalformedButNoReasonIsFineForFreeze() throws Exception {
        answer(OutcomeCode.ACCEPTED, 2L, null);

        problem(deposit("acc-1", "null"), 400, "malformed-request")
                .andExpect(jsonPath("$.detail").value(
                        "the request body is missing or is not valid JSON of the expected shape"));
        mvc.perform(post("/api/accounts/acc-1/freeze").contentType(MediaType.APPLICATION_JSON).content("null"))
                .andExpect(status().isOk());
        assertThat(sent().command()).isEqualTo(new AccountCommand.FreezeAccount("acc-1", null));
    }

    @Test
    void givenSeveralInvalidFields_whenOpenOrFreeze_then400ListingEachWithItsMessage() throws Exception {
        problem(post("/api/accounts").contentType(MediaType.APPLICATION_JSON)
                .content("{\"customerId\":\"c\",\"currency\":\"eur\",\"holderName\":\" \"}"), 400, "validation")
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[?(@.field == 'currency')].message")
                        .value("must be 3 upper-case letters (ISO-4217)"))
                .andExpect(jsonPath("$.errors[?(@.field == 'holderName')]").exists());
        problem(withdraw("{\"amount\":0}"), 400, "validation")
                .andExpect(jsonPath("$.detail").value("amount must be greater than 0"));
        problem(post("/api/accounts/acc-1/freeze").contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\":\"a\\u0007b\"}"), 400, "validation")
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        verify(gateway, never()).send(any(), anyString(), any());
    }

    @Test
    void givenTransfer_whenRequested_then202WithTransferIdAndStatus() throws Exception {
        answer(OutcomeCode.ACCEPTED, 1L, null);

        mvc.perform(post("/api/transfers").contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "t-1")
                        .content("{\"fromAccountId\":\"a\",\"toAccountId\":\"b\",\"amount\":100,\"currency\":\"EUR\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.transferId").value(AggregateIds.transfer("t-1")))
                .andExpect(jsonPath("$.status").value("REQUESTED"))
                .andExpect(jsonPath("$.commandId").value("t-1"));

        assertThat(sent().command()).isEqualTo(
                new TransferCommand.RequestTransfer(AggregateIds.transfer("t-1"), "a", "b", 100, "EUR", null));
    }

    @Test
    void givenKnownPendingAndUnknownCommands_whenStatus_thenOutcomePendingOr404() throws Exception {
        when(gateway.status("done")).thenReturn(Optional.of(new CommandStatus("done", Optional.of(
                outcome("done", "acc-1", OutcomeCode.REJECTED_RULE, 3L, "insufficient funds")))));
        when(gateway.status("waiting")).thenReturn(Optional.of(new CommandStatus("waiting", Optional.empty())));
        when(gateway.status("nobody")).thenReturn(Optional.empty());

        mvc.perform(get("/api/commands/done")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("REJECTED"))
                .andExpect(jsonPath("$.code").value("REJECTED_RULE"))
                .andExpect(jsonPath("$.message").value("insufficient funds"))
                .andExpect(jsonPath("$.version").value(3));
        mvc.perform(get("/api/commands/waiting")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PENDING"));
        problem(get("/api/commands/nobody"), 404, "unknown-command");
        problem(get("/api/commands/" + "x".repeat(129)), 400, "validation");
    }

    @Test
    void givenUnknownPathOrMethod_thenProblemsToo() throws Exception {
        problem(get("/api/accounts/acc-1/deposits"), 405, "method-not-allowed");
        problem(post("/api/nothing-here"), 404, "no-such-endpoint");
    }

    private void expectRefusal(OutcomeCode code, int status, String type) throws Exception {
        answer(code, 2L, "refused: " + code);
        problem(withdraw("{\"amount\":5}"), status, type)
                .andExpect(jsonPath("$.code").value(code.name()))
                .andExpect(jsonPath("$.detail").value("refused: " + code));
    }

    private ResultActions problem(org.springframework.test.web.servlet.RequestBuilder request, int status,
            String type) throws Exception {
        return mvc.perform(request)
                .andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + type))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.title").exists())
                .andExpect(jsonPath("$.trace").doesNotExist());
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder deposit(
            String accountId, String body) {
        return post("/api/accounts/{id}/deposits", accountId).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder withdraw(String body) {
        return post("/api/accounts/acc-1/withdrawals").contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private void answer(OutcomeCode code, Long version, String message) {
        doAnswer(call -> {
            CommandEnvelope envelope = call.getArgument(0);
            return new Reply.Completed(outcome(envelope.meta().commandId(), envelope.command().aggregateId(), code,
                    version, message));
        }).when(gateway).send(any(), anyString(), any());
    }

    private CommandEnvelope sent() {
        ArgumentCaptor<CommandEnvelope> sent = ArgumentCaptor.forClass(CommandEnvelope.class);
        verify(gateway).send(sent.capture(), anyString(), any());
        return sent.getValue();
    }

    private static CommandOutcome outcome(String commandId, String aggregateId, OutcomeCode code, Long version,
            String message) {
        return new CommandOutcome(commandId, "io.ledgerline.avro.command.X", aggregateId, code, message, version,
                code.accepted() ? 1 : 0, Instant.parse("2026-01-01T00:00:00Z"));
    }
}
