package io.ledgerline.cli.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.account.AccountEvent;
import io.ledgerline.account.DeclineReason;
import io.ledgerline.cli.dev.DevSettings;
import io.ledgerline.cli.dev.DevStack;
import io.ledgerline.command.CommandServiceApplication;
import io.ledgerline.devkit.Await;
import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.mapping.EventMapper;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.LedgerCommand;
import io.ledgerline.query.QueryServiceApplication;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryClients;
import io.ledgerline.topics.Topics;
import io.ledgerline.transfer.TransferCommand;
import io.ledgerline.transfer.TransferEvent;
import io.ledgerline.transfer.TransferStepIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read models against the log: the real command processor (in the command service) turns a mixed workload into
 * {@code ledger.events} — opens, deposits, withdrawals, a freeze, and transfers whose saga steps this test plays
 * (debits, credits, declines, debit reversals, completions and failures, one failure recorded before its reversal)
 * — and the query service projects them. The test folds the events itself and requires every read model served over
 * REST to equal its fold, and the ledger totals to equal deposits minus withdrawals.
 *
 * <p>On a broker and registry of its own (the dev stack): its processor and projections start from offset zero, so on
 * the shared broker they would take in every other test's commands and events (its processor would apply them once
 * more), and every other test's services would read this test's records.
 */
class ReadModelConsistencyTest {

    private static final Duration WITHIN = Duration.ofSeconds(120);
    /** As many as the ledger topics have on the shared broker and in dev mode. */
    private static final int PARTITIONS = 6;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path stateDir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newHttpClient();
    private final Random random = new Random(42);
    private Deserializer<SpecificRecord> decoder;
    private int commandSequence;

    /** The independent fold of this run's events. */
    private static final class Fold {
        final Map<String, long[]> accounts = new TreeMap<>(); // balance, version, status (0 open, 1 frozen, 2 closed)
        final Map<String, String[]> terms = new TreeMap<>(); // customer, currency
        final Map<String, List<long[]>> statements = new TreeMap<>(); // seq, amount (signed), balanceAfter
        final Map<String, Map<LocalDate, long[]>> activity = new TreeMap<>(); // debits, credits, count
        final Map<String, String> transferStatus = new TreeMap<>();
        final Map<String, Boolean> compensated = new TreeMap<>();
        final Map<String, Long> depositsMinusWithdrawals = new TreeMap<>();

        void apply(EventEnvelope envelope) {
            if (envelope.event() instanceof TransferEvent event) {
                if (event instanceof TransferEvent.TransferRequested) {
                    transferStatus.put(event.transferId(), "PENDING");
                    compensated.putIfAbsent(event.transferId(), false);
                } else if (event instanceof TransferEvent.TransferCompleted) {
                    transferStatus.put(event.transferId(), "COMPLETED");
                } else if (event instanceof TransferEvent.TransferFailed failed) {
                    transferStatus.put(event.transferId(), "FAILED");
                    compensated.merge(event.transferId(), failed.compensated(), Boolean::logicalOr);
                }
                return;
            }
            AccountEvent event = (AccountEvent) envelope.event();
            String id = event.accountId();
            if (event instanceof AccountEvent.AccountOpened opened) {
                accounts.put(id, new long[] {0, 0, 0});
                terms.put(id, new String[] {opened.customerId(), opened.currency()});
            }
            long[] account = accounts.get(id);
            account[1] = envelope.meta().version();
            long amount = 0;
            if (event instanceof AccountEvent.MoneyDeposited e) {
                amount = e.amount();
                depositsMinusWithdrawals.merge(e.currency(), e.amount(), Long::sum);
            } else if (event instanceof AccountEvent.MoneyWithdrawn e) {
                amount = -e.amount();
                depositsMinusWithdrawals.merge(e.currency(), -e.amount(), Long::sum);
            } else if (event instanceof AccountEvent.TransferDebited e) {
                amount = -e.amount();
            } else if (event instanceof AccountEvent.TransferCredited e) {
                amount = e.amount();
            } else if (event instanceof AccountEvent.TransferDebitReversed e) {
                amount = e.amount();
                compensated.put(e.transferId(), true);
            } else if (event instanceof AccountEvent.AccountFrozen) {
                account[2] = 1;
            } else if (event instanceof AccountEvent.AccountUnfrozen) {
                account[2] = 0;
            } else if (event instanceof AccountEvent.AccountClosed) {
                account[2] = 2;
            }
            if (amount != 0) {
                account[0] += amount;
                statements.computeIfAbsent(id, k -> new ArrayList<>())
                        .add(new long[] {envelope.meta().version(), amount, account[0]});
                long[] day = activity.computeIfAbsent(id, k -> new TreeMap<>()).computeIfAbsent(
                        LocalDate.ofInstant(envelope.meta().occurredAt(), ZoneOffset.UTC), k -> new long[3]);
                day[amount < 0 ? 0 : 1] += Math.abs(amount);
                day[2]++;
            }
        }
    }

    @Test
    void givenMixedWorkloadThroughTheCommandProcessor_thenEveryReadModelEqualsTheFoldOfTheLog() throws Exception {
        String[] currencies = {"Q" + letter(0) + letter(1), "Q" + letter(2) + letter(3)};
        try (DevStack stack = DevStack.start(new DevSettings(stateDir.resolve("kafka"), 0, 0, PARTITIONS, 0));
                ConfigurableApplicationContext commands = start(new SpringApplicationBuilder(
                        CommandServiceApplication.class), stack, "--ledgerline.processor.application-id=consistency-"
                        + run, "--ledgerline.processor.state-dir=" + stateDir.resolve("commands"),
                        // The test plays the saga; the real one would send the same steps and race it.
                        "--ledgerline.saga.enabled=false");
                ConfigurableApplicationContext queries = start(QueryServiceApplication.builder(), stack,
                        "--ledgerline.projections.application-id=consistency-projections-" + run,
                        "--ledgerline.projections.state-dir=" + stateDir.resolve("queries"));
                SchemaRegistryClient registry = SchemaRegistryClients.create(stack.registryUrl(), Map.of());
                KafkaProducer<String, SpecificRecord> producer = producer(stack.bootstrapServers(), registry);
                TopicTail events = new TopicTail(stack.bootstrapServers(), Topics.EVENTS.name(), "read_committed",
                        key -> key.contains(run))) {
            String queryUrl = url(queries);
            Deadline deadline = new Deadline(WITHIN);
            Fold fold = new Fold();

            // Accounts: three customers with an account in each currency; money in and (some refused) money out.
            List<String> accounts = new ArrayList<>();
            for (int customer = 0; customer < 3; customer++) {
                for (String currency : currencies) {
                    String account = "acc-" + run + "-" + accounts.size();
                    accounts.add(account);
                    send(producer, new AccountCommand.OpenAccount(account, "cus-" + run + "-" + customer, currency,
                            "Holder " + accounts.size()));
                }
            }
            for (int i = 0; i < 40; i++) {
                String account = accounts.get(random.nextInt(accounts.size()));
                send(producer, i % 3 == 2 ? new AccountCommand.WithdrawMoney(account, 1 + random.nextInt(400), null)
                        : new AccountCommand.DepositMoney(account, 1 + random.nextInt(1_000), "dep-" + i));
            }
            String frozen = accounts.get(accounts.size() - 1);
            send(producer, new AccountCommand.FreezeAccount(frozen, "review"));
            fold(events, fold, deadline, f -> f.accounts.size() == accounts.size()
                    && f.accounts.get(frozen)[2] == 1);

            // Transfers within a currency; the test plays the saga: request, debit, then credit or fail.
            Map<String, String[]> transfers = new LinkedHashMap<>(); // from, to, amount, currency
            for (int i = 0; i < 12; i++) {
                // Accounts 2c and 2c+1 are customer c's, in the first and second currency: same parity, same
                // currency. Every fourth transfer goes to the frozen account (the last), so its credit is declined.
                int from = i % 4 == 0 ? 1 + 2 * random.nextInt(2) : random.nextInt(accounts.size());
                int to = i % 4 == 0 ? accounts.size() - 1 : (from + 2 * (1 + random.nextInt(2))) % accounts.size();
                String currency = fold.terms.get(accounts.get(from))[1];
                String transfer = "tr-" + run + "-" + i;
                long amount = 1 + random.nextInt(i % 5 == 4 ? 5_000 : 300);
                transfers.put(transfer, new String[] {accounts.get(from), accounts.get(to), Long.toString(amount),
                        currency});
                send(producer, new TransferCommand.RequestTransfer(transfer, accounts.get(from), accounts.get(to),
                        amount, currency, "ref-" + i));
                sendStep(producer, transfer, TransferStepIds.DEBIT,
                        new AccountCommand.DebitForTransfer(accounts.get(from), transfer, amount, currency));
            }
            fold(events, fold, deadline, f -> transfers.keySet().stream().allMatch(t -> stepSeen(events, t, 1)));
            for (Map.Entry<String, String[]> t : transfers.entrySet()) {
                String[] terms = t.getValue();
                if (debited(events, t.getKey())) {
                    sendStep(producer, t.getKey(), TransferStepIds.CREDIT,
                            new AccountCommand.CreditForTransfer(terms[1], t.getKey(), Long.parseLong(terms[2]),
                                    terms[3]));
                } else {
                    send(producer, new TransferCommand.FailTransfer(t.getKey(), DeclineReason.INSUFFICIENT_FUNDS,
                            "declined", false));
                }
            }
            fold(events, fold, deadline, f -> transfers.keySet().stream().allMatch(t -> !debited(events, t)
                    || stepSeen(events, t, 2)));
            boolean failedBeforeReversal = false;
            for (Map.Entry<String, String[]> t : transfers.entrySet()) {
                String[] terms = t.getValue();
                if (!debited(events, t.getKey())) {
                    continue;
                }
                if (credited(events, t.getKey())) {
                    send(producer, new TransferCommand.CompleteTransfer(t.getKey()));
                } else if (!failedBeforeReversal) {
                    // Recorded FAILED(compensated=false) first, reversed after: the view must say compensated.
                    failedBeforeReversal = true;
                    send(producer, new TransferCommand.FailTransfer(t.getKey(), DeclineReason.ACCOUNT_FROZEN,
                            "credit declined", false));
                    sendStep(producer, t.getKey(), TransferStepIds.REVERSE,
                            new AccountCommand.ReverseTransferDebit(terms[0], t.getKey(), Long.parseLong(terms[2]),
                                    terms[3]));
                } else {
                    sendStep(producer, t.getKey(), TransferStepIds.REVERSE,
                            new AccountCommand.ReverseTransferDebit(terms[0], t.getKey(), Long.parseLong(terms[2]),
                                    terms[3]));
                    send(producer, new TransferCommand.FailTransfer(t.getKey(), DeclineReason.ACCOUNT_FROZEN,
                            "credit declined", true));
                }
            }
            fold(events, fold, deadline, f -> transfers.keySet().stream()
                    .allMatch(t -> !"PENDING".equals(f.transferStatus.get(t)) && f.transferStatus.containsKey(t)));
            assertThat(fold.transferStatus.values()).as("the workload has every kind of transfer")
                    .contains("COMPLETED", "FAILED");
            assertThat(fold.compensated.values()).contains(true);

            verifyAccounts(queryUrl, fold);
            verifyTransfers(queryUrl, fold, transfers);
            verifyTotals(queryUrl, fold, currencies, deadline);
        }
    }

    private void verifyAccounts(String queryUrl, Fold fold) throws Exception {
        Map<String, Map<String, Long>> portfolios = new TreeMap<>();
        for (Map.Entry<String, long[]> entry : fold.accounts.entrySet()) {
            String id = entry.getKey();
            long[] expected = entry.getValue();
            JsonNode view = json(queryUrl + "/api/accounts/" + id + "?minVersion=" + expected[1] + "&waitMs=10000");
            assertThat(view.get("stale").asBoolean()).as("account %s reached version %s", id, expected[1]).isFalse();
            assertThat(view.get("balance").asLong()).as("balance of %s", id).isEqualTo(expected[0]);
            assertThat(view.get("version").asLong()).isEqualTo(expected[1]);
            assertThat(view.get("status").asString()).isEqualTo(List.of("OPEN", "FROZEN", "CLOSED")
                    .get((int) expected[2]));
            assertThat(view.get("customerId").asString()).isEqualTo(fold.terms.get(id)[0]);
            assertThat(view.get("currency").asString()).isEqualTo(fold.terms.get(id)[1]);

            JsonNode statement = json(queryUrl + "/api/accounts/" + id + "/statement?limit=500");
            List<long[]> lines = fold.statements.getOrDefault(id, List.of());
            assertThat(statement.get("entries").size()).as("statement lines of %s", id).isEqualTo(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                JsonNode line = statement.get("entries").get(i);
                assertThat(new long[] {line.get("seq").asLong(), line.get("amount").asLong(),
                        line.get("balanceAfter").asLong()}).isEqualTo(new long[] {lines.get(i)[0],
                        Math.abs(lines.get(i)[1]), lines.get(i)[2]});
            }

            Map<LocalDate, long[]> days = fold.activity.getOrDefault(id, Map.of());
            if (!days.isEmpty()) {
                LocalDate first = days.keySet().iterator().next();
                LocalDate last = ((TreeMap<LocalDate, long[]>) days).lastKey();
                JsonNode activity = json(queryUrl + "/api/accounts/" + id + "/activity?from=" + first + "&to="
                        + last);
                assertThat(activity.get("days").size()).isEqualTo(days.size());
                for (JsonNode day : activity.get("days")) {
                    long[] want = days.get(LocalDate.parse(day.get("day").asString()));
                    assertThat(new long[] {day.get("debits").asLong(), day.get("credits").asLong(),
                            day.get("count").asLong()}).as("activity of %s", id).isEqualTo(want);
                }
            }
            portfolios.computeIfAbsent(fold.terms.get(id)[0], c -> new TreeMap<>()).put(id, expected[0]);
        }
        for (Map.Entry<String, Map<String, Long>> customer : portfolios.entrySet()) {
            JsonNode portfolio = awaitJson(queryUrl + "/api/customers/" + customer.getKey() + "/accounts",
                    node -> node.get("accounts").size() == customer.getValue().size()
                            && balancesOf(node).equals(customer.getValue()));
            assertThat(balancesOf(portfolio)).isEqualTo(customer.getValue());
        }
    }

    private void verifyTransfers(String queryUrl, Fold fold, Map<String, String[]> transfers) throws Exception {
        for (Map.Entry<String, String[]> t : transfers.entrySet()) {
            JsonNode view = json(queryUrl + "/api/transfers/" + t.getKey() + "?waitMs=10000");
            assertThat(view.get("status").asString()).as("status of %s", t.getKey())
                    .isEqualTo(fold.transferStatus.get(t.getKey()));
            assertThat(view.get("compensated").asBoolean()).as("compensated of %s", t.getKey())
                    .isEqualTo(fold.compensated.get(t.getKey()));
            assertThat(view.get("fromAccountId").asString()).isEqualTo(t.getValue()[0]);
            assertThat(view.get("amount").asLong()).isEqualTo(Long.parseLong(t.getValue()[2]));
        }
    }

    private void verifyTotals(String queryUrl, Fold fold, String[] currencies, Deadline deadline) throws Exception {
        for (String currency : currencies) {
            long balances = fold.accounts.entrySet().stream()
                    .filter(e -> fold.terms.get(e.getKey())[1].equals(currency)).mapToLong(e -> e.getValue()[0])
                    .sum();
            long open = fold.accounts.entrySet().stream()
                    .filter(e -> fold.terms.get(e.getKey())[1].equals(currency) && e.getValue()[2] != 2).count();
            assertThat(balances).as("conservation in the fold, %s", currency)
                    .isEqualTo(fold.depositsMinusWithdrawals.getOrDefault(currency, 0L));
            JsonNode total = awaitJson(queryUrl + "/api/ledger/totals", node -> {
                JsonNode found = totalOf(node, currency);
                return found != null && found.get("balance").asLong() == balances;
            });
            assertThat(totalOf(total, currency).get("balance").asLong()).isEqualTo(balances);
            assertThat(totalOf(total, currency).get("accounts").asLong()).isEqualTo(open);
        }
    }

    private static JsonNode totalOf(JsonNode totals, String currency) {
        for (JsonNode total : totals.get("currencies")) {
            if (total.get("currency").asString().equals(currency)) {
                return total;
            }
        }
        return null;
    }

    private static Map<String, Long> balancesOf(JsonNode portfolio) {
        Map<String, Long> balances = new TreeMap<>();
        portfolio.get("accounts").forEach(a -> balances.put(a.get("accountId").asString(), a.get("balance").asLong()));
        return balances;
    }

    private String letter(int index) {
        return String.valueOf((char) ('A' + Math.floorMod(run.charAt(index), 26)));
    }

    private boolean stepSeen(TopicTail events, String transfer, int step) {
        return step == 1 ? debited(events, transfer) || declined(events, transfer, true)
                : credited(events, transfer) || declined(events, transfer, false);
    }

    private boolean debited(TopicTail events, String transfer) {
        return eventsOf(events).stream().anyMatch(e -> e instanceof AccountEvent.TransferDebited d
                && d.transferId().equals(transfer));
    }

    private boolean credited(TopicTail events, String transfer) {
        return eventsOf(events).stream().anyMatch(e -> e instanceof AccountEvent.TransferCredited c
                && c.transferId().equals(transfer));
    }

    private boolean declined(TopicTail events, String transfer, boolean debit) {
        return eventsOf(events).stream().anyMatch(e -> debit
                ? e instanceof AccountEvent.TransferDebitDeclined d && d.transferId().equals(transfer)
                : e instanceof AccountEvent.TransferCreditDeclined c && c.transferId().equals(transfer));
    }

    private List<Object> eventsOf(TopicTail events) {
        List<Object> all = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : events.records()) {
            all.add(decode(record).event());
        }
        return all;
    }

    private EventEnvelope decode(ConsumerRecord<byte[], byte[]> record) {
        return EventMapper.fromAvro(decoder.deserialize(record.topic(), record.value()));
    }

    /** Reads the log to its end, folds what is new, until {@code done} holds for the fold. */
    private void fold(TopicTail events, Fold fold, Deadline deadline, Predicate<Fold> done) {
        while (true) {
            for (ConsumerRecord<byte[], byte[]> record : events.poll(Duration.ofMillis(100))) {
                fold.apply(decode(record));
            }
            if (done.test(fold)) {
                return;
            }
            deadline.check("the workload's events");
        }
    }

    private void send(KafkaProducer<String, SpecificRecord> producer, LedgerCommand command) throws Exception {
        sendAs(producer, "c-" + run + "-" + (++commandSequence), command);
    }

    /** A transfer step under the saga's own command id, the only one an account applies it under (ADR 0005). */
    private void sendStep(KafkaProducer<String, SpecificRecord> producer, String transfer, String step,
            AccountCommand command) throws Exception {
        sendAs(producer, TransferStepIds.of(transfer, step), command);
    }

    private void sendAs(KafkaProducer<String, SpecificRecord> producer, String commandId, LedgerCommand command)
            throws Exception {
        CommandEnvelope envelope = new CommandEnvelope(new CommandMetadata(commandId, null, Instant.now()), command);
        producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), command.aggregateId(),
                CommandMapper.toAvro(envelope))).get();
    }

    private KafkaProducer<String, SpecificRecord> producer(String bootstrap, SchemaRegistryClient registry) {
        decoder = Topics.EVENTS.valueSerde(registry, false).deserializer();
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), Topics.COMMANDS.keySerde().serializer(),
                Topics.COMMANDS.valueSerde(registry, true).serializer());
    }

    private ConfigurableApplicationContext start(SpringApplicationBuilder builder, DevStack stack, String... more) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--ledgerline.kafka.bootstrap-servers="
                + stack.bootstrapServers(), "--ledgerline.registry.url=" + stack.registryUrl()));
        args.addAll(List.of(more));
        return builder.bannerMode(Banner.Mode.OFF).logStartupInfo(false).registerShutdownHook(false)
                .run(args.toArray(String[]::new));
    }

    private static String url(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The 200 answer at {@code url}; a 503 (stores moving during a rebalance) is retried, as its Retry-After says. */
    private JsonNode json(String url) throws Exception {
        return awaitJson(url, node -> true);
    }

    private JsonNode awaitJson(String url, Predicate<JsonNode> done) throws Exception {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        return Await.value(() -> url + " to converge; last answer " + last.get().statusCode() + " " + last.get().body(),
                Duration.ofSeconds(30), () -> {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                    last.set(response);
                    return response.statusCode() == 200
                            ? Optional.of(JSON.readTree(response.body())).filter(done)
                            : Optional.empty();
                });
    }
}
