package io.ledgerline.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.account.AccountCommand.DepositMoney;
import io.ledgerline.account.AccountCommand.FreezeAccount;
import io.ledgerline.account.AccountCommand.OpenAccount;
import io.ledgerline.account.AccountDecider;
import io.ledgerline.account.AccountEvent;
import io.ledgerline.account.AccountEvent.TransferCredited;
import io.ledgerline.account.AccountEvent.TransferDebitReversed;
import io.ledgerline.account.AccountEvent.TransferDebited;
import io.ledgerline.account.AccountState;
import io.ledgerline.command.domain.CommandHandler;
import io.ledgerline.command.domain.Handled;
import io.ledgerline.command.domain.Versioned;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.LedgerCommand;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.saga.SagaState.Status;
import io.ledgerline.transfer.TransferCommand;
import io.ledgerline.transfer.TransferCommand.RequestTransfer;
import io.ledgerline.transfer.TransferDecider;
import io.ledgerline.transfer.TransferEvent;
import io.ledgerline.transfer.TransferState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The saga against the real account and transfer deciders behind a command-id dedupe, over a network that loses
 * saga commands, delivers commands and events twice and in any order. No broker: it checks the decider's rules
 * end to end (every transfer settles, money is conserved, every effect of a failed transfer is undone once); the
 * topology's own tests are the saga topology's business.
 */
class TransferSagaSimulationTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private static final int ACCOUNTS = 10;
    private static final long DEPOSIT = 1_000;
    private static final int TRANSFERS = 150;
    private static final CommandHandler<AccountCommand, AccountEvent, AccountState> ACCOUNT =
            AccountDecider.handler();
    private static final CommandHandler<TransferCommand, TransferEvent, TransferState> TRANSFER =
            TransferDecider.handler();

    private final TransferSaga saga = new TransferSaga(
            new SagaConfig(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 12, Duration.ofMinutes(10), 0.2));
    private final Map<String, Versioned<AccountState>> accounts = new HashMap<>();
    private final Map<String, Versioned<TransferState>> transfers = new HashMap<>();
    private final Set<String> processed = new HashSet<>();
    private final List<EventEnvelope> log = new ArrayList<>();
    private final List<CommandEnvelope> commandsInFlight = new ArrayList<>();
    private final List<LedgerEvent> eventsInFlight = new ArrayList<>();
    private final Map<String, SagaState> sagas = new HashMap<>();
    private Instant now = T0;
    private int dropped;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void givenLossyDuplicatingReorderingDelivery_whenManyTransfersRun_thenAllSettleAndMoneyIsConserved(long seed) {
        Random random = new Random(seed);
        openAccounts();
        for (int t = 0; t < TRANSFERS; t++) {
            int from = random.nextInt(ACCOUNTS);
            int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            commandsInFlight.add(user("req-" + t, new RequestTransfer("t-" + t, "acc-" + from, "acc-" + to,
                    1 + random.nextInt(600), "EUR", null)));
        }
        run(random);

        assertThat(sagas).hasSize(TRANSFERS);
        long balances = accounts.values().stream().mapToLong(a -> balance(a.state())).sum();
        assertThat(balances).isEqualTo(DEPOSIT * ACCOUNTS);
        Set<String> paths = new HashSet<>();
        for (Map.Entry<String, SagaState> entry : sagas.entrySet()) {
            String id = entry.getKey();
            SagaState state = entry.getValue();
            int debits = count(id, TransferDebited.class);
            int credits = count(id, TransferCredited.class);
            int reversals = count(id, TransferDebitReversed.class);
            TransferState recorded = transfers.get(id).state();
            if (state.status() == Status.COMPLETED) {
                assertThat(recorded).as(id).isEqualTo(new TransferState.Completed());
                assertThat(List.of(debits, credits, reversals)).as(id).containsExactly(1, 1, 0);
                paths.add("completed");
            } else {
                assertThat(state.status()).as("%s: %s", id, state).isEqualTo(Status.FAILED);
                TransferState.Failed failed = (TransferState.Failed) recorded;
                assertThat(credits).as(id).isZero();
                assertThat(reversals).as(id).isEqualTo(debits).isLessThanOrEqualTo(1);
                assertThat(failed.compensated()).as(id).isEqualTo(reversals == 1);
                paths.add(failed.compensated() ? "compensated" : "failed");
            }
        }
        assertThat(paths).containsExactlyInAnyOrder("completed", "failed", "compensated");
        assertThat(dropped).isPositive();
    }

    /** Delivers everything in flight in random order; when nothing is, moves the clock to the next deadline. */
    private void run(Random random) {
        while (true) {
            boolean commands = !commandsInFlight.isEmpty();
            boolean events = !eventsInFlight.isEmpty();
            if (commands && (!events || random.nextBoolean())) {
                CommandEnvelope command = commandsInFlight.remove(random.nextInt(commandsInFlight.size()));
                boolean fromSaga = command.meta().commandId().startsWith("t-");
                if (fromSaga && random.nextDouble() < 0.15) {
                    dropped++;
                    continue;
                }
                process(command);
                if (random.nextDouble() < 0.1) {
                    commandsInFlight.add(command);
                }
            } else if (events) {
                LedgerEvent event = eventsInFlight.remove(random.nextInt(eventsInFlight.size()));
                Optional<String> transferId = TransferSaga.transferIdOf(event);
                if (transferId.isPresent()) {
                    SagaResult result = saga.react(sagaOf(transferId.get()), event, now);
                    sagas.put(transferId.get(), result.state());
                    commandsInFlight.addAll(result.commands());
                }
                if (random.nextDouble() < 0.1) {
                    eventsInFlight.add(event);
                }
            } else {
                Optional<Instant> next = sagas.values().stream()
                        .map(s -> s instanceof SagaState.Running r ? r.outstanding().deadline() : null)
                        .filter(d -> d != null).min(Comparator.naturalOrder());
                if (next.isEmpty()) {
                    return;
                }
                now = next.get();
                for (Map.Entry<String, SagaState> entry : sagas.entrySet()) {
                    SagaResult result = saga.tick(entry.getValue(), now);
                    entry.setValue(result.state());
                    commandsInFlight.addAll(result.commands());
                }
            }
        }
    }

    /** The command processor: dedupe by command id, handle against the aggregate's state, append. */
    private void process(CommandEnvelope envelope) {
        if (!processed.add(envelope.meta().commandId())) {
            return;
        }
        String id = envelope.command().aggregateId();
        List<EventEnvelope> appended;
        if (ACCOUNT.handles(envelope.command())) {
            Handled<AccountState> handled = ACCOUNT.handle(envelope, accounts.getOrDefault(id, ACCOUNT.initial()));
            accounts.put(id, handled.state());
            appended = handled.events();
        } else {
            Handled<TransferState> handled = TRANSFER.handle(envelope,
                    transfers.getOrDefault(id, TRANSFER.initial()));
            transfers.put(id, handled.state());
            appended = handled.events();
        }
        log.addAll(appended);
        appended.forEach(e -> eventsInFlight.add(e.event()));
    }

    /** Ten EUR accounts with 1,000 each; acc-8 is frozen, so debits from it and credits to it are declined. */
    private void openAccounts() {
        for (int a = 0; a < ACCOUNTS; a++) {
            process(user("open-" + a, new OpenAccount("acc-" + a, "c-" + a, "EUR", "Holder " + a)));
            process(user("deposit-" + a, new DepositMoney("acc-" + a, DEPOSIT, null)));
        }
        process(user("freeze-8", new FreezeAccount("acc-8", "investigation")));
        eventsInFlight.clear();
    }

    private SagaState sagaOf(String transferId) {
        return sagas.getOrDefault(transferId, saga.initialState());
    }

    private CommandEnvelope user(String commandId, LedgerCommand command) {
        return new CommandEnvelope(new CommandMetadata(commandId, null, now), command);
    }

    private int count(String transferId, Class<? extends AccountEvent> type) {
        return (int) log.stream().map(EventEnvelope::event).filter(type::isInstance)
                .filter(e -> TransferSaga.transferIdOf(e).orElse("").equals(transferId)).count();
    }

    private static long balance(AccountState state) {
        if (state instanceof AccountState.Open open) {
            return open.balance();
        }
        return state instanceof AccountState.Closed closed ? closed.balance() : 0;
    }
}
