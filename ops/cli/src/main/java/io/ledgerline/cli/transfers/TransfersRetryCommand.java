package io.ledgerline.cli.transfers;

import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.ClusterOptions;
import io.ledgerline.cli.kafka.Output;
import io.ledgerline.command.saga.SagaInstruction;
import io.ledgerline.command.saga.StuckTransfer;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerline transfers retry <transferId>...}: tells the saga, through {@code ledger.saga-control}, to re-send
 * the step each transfer is STUCK on, with the step's own command id (the command processor's dedupe keeps it from
 * applying twice) and fresh deadlines. Only a transfer STUCK on {@code NO_ANSWER} is retried: for the other causes
 * a re-send changes nothing, and the saga never compensates on a guess (ADR 0008, ADR 0032). Then it waits, within
 * {@code --timeout}, until the saga has acted (the transfer leaves the STUCK listing).
 */
@Command(
        name = "retry",
        mixinStandardHelpOptions = true,
        description = "Re-send the step a STUCK (NO_ANSWER) transfer waits on, with the same command id, and resume "
                + "its deadlines; waits until the saga has acted.")
public final class TransfersRetryCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(500);

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    SagaOptions saga;

    @Parameters(paramLabel = "TRANSFER_ID", arity = "1..*", description = "The transfers, as 'transfers stuck' lists "
            + "them.")
    List<String> transferIds;

    @Option(names = "--no-wait", description = "Send the retries and return without waiting for the saga.")
    boolean noWait;

    @Override
    public Integer call() throws InterruptedException {
        Output out = new Output(spec.commandLine().getOut(), cluster.json());
        try (Cluster connected = Cluster.connect(cluster)) {
            String topic = Topics.SAGA_CONTROL.name();
            if (!connected.exists(topic)) {
                throw new IllegalArgumentException("topic " + topic + " does not exist: no command service of this "
                        + "release has started on this cluster");
            }
            Map<String, StuckIndex.Entry> stuck = StuckIndex.read(connected, saga.applicationId).stream()
                    .collect(Collectors.toMap(StuckIndex.Entry::transferId, Function.identity()));
            for (String id : transferIds) {
                refuseUnlessRetryable(id, stuck.get(id));
            }
            send(connected, topic);
            if (noWait) {
                transferIds.forEach(id -> out.print(Output.object().put("transferId", id).put("requested", true),
                        id + ": retry requested"));
                return 0;
            }
            Set<String> waiting = awaitSaga(connected, stuck);
            for (String id : transferIds) {
                boolean acted = !waiting.contains(id);
                out.print(Output.object().put("transferId", id).put("requested", true).put("resumed", acted),
                        id + (acted ? ": retried; the saga re-sent "
                                + stuck.get(id).details().map(StuckTransfer::step).orElse("its step")
                                + " and its deadlines run again"
                                : ": retry requested; the saga has not acted within " + cluster.timeout().toSeconds()
                                        + " s (is it running? it acts when it does)"));
            }
        }
        return 0;
    }

    private static void refuseUnlessRetryable(String id, StuckIndex.Entry entry) {
        if (entry == null) {
            throw new IllegalArgumentException("transfer " + id + " is not STUCK: the saga retries a running step "
                    + "by itself, and a settled transfer has nothing to send (see 'transfers stuck')");
        }
        Optional<StuckTransfer> details = entry.details();
        if (details.isPresent() && !details.get().retryable()) {
            throw new IllegalArgumentException("transfer " + id + " is STUCK on " + details.get().cause()
                    + ", not on silence: a re-send cannot change that (ADR 0008); settle it with FailTransfer or "
                    + "CompleteTransfer once the facts are established");
        }
    }

    private void send(Cluster connected, String topic) {
        try (KafkaProducer<byte[], byte[]> producer = connected.producer(Optional.empty())) {
            for (String id : transferIds) {
                producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8),
                        SagaInstruction.RETRY.bytes())).get(connected.timeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("writing to " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("writing to " + topic + ": interrupted", e);
        }
    }

    /**
     * The transfers the saga has not acted on once it has acted on all of them or the timeout has passed. It has
     * acted on a transfer when the transfer left the STUCK listing, or is listed again with a later {@code since}
     * (its new round ran out as well).
     */
    private Set<String> awaitSaga(Cluster connected, Map<String, StuckIndex.Entry> before)
            throws InterruptedException {
        long deadline = System.nanoTime() + connected.timeout().toNanos();
        while (true) {
            Set<String> still = StuckIndex.read(connected, saga.applicationId).stream()
                    .filter(now -> transferIds.contains(now.transferId())
                            && now.details().map(StuckTransfer::since).equals(before.get(now.transferId()).details()
                                    .map(StuckTransfer::since)))
                    .map(StuckIndex.Entry::transferId).collect(Collectors.toSet());
            if (still.isEmpty() || System.nanoTime() > deadline) {
                return still;
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
