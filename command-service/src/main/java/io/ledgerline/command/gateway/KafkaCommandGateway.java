package io.ledgerline.command.gateway;

import io.ledgerline.avro.result.CommandResult;
import io.ledgerline.command.gateway.CommandTracker.Registration;
import io.ledgerline.mapping.CommandMapper;
import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.outcome.CommandOutcome;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Produces commands to {@code ledger.commands} (key = aggregate id) with a {@code reply-to} header naming this
 * instance; the {@link ReplyListener} brings the processor's outcome back. A request thread waits at most the
 * {@code wait} it asks for, then answers pending; the outcome still lands in the tracker for the status URL.
 *
 * <p>The wait includes Kafka's acknowledgement of the send. A send that fails is reported as
 * {@link CommandNotSentException}, and the command id is forgotten, so a retry with the same id produces it again.
 */
public final class KafkaCommandGateway implements CommandGateway, AutoCloseable {

    private final Producer<String, SpecificRecord> producer;
    private final CommandTracker tracker;
    private final ReplyListener replies;
    private final byte[] instanceId;

    private KafkaCommandGateway(Producer<String, SpecificRecord> producer, CommandTracker tracker,
            ReplyListener replies, String instanceId) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.instanceId = instanceId.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Starts the reply listener (positioned at the end of {@code ledger.command-results} before this returns) and
     * returns the gateway, which from then on owns {@code producer} and closes it.
     *
     * @param consumerConfig bootstrap servers and client settings for the reply listener
     * @param results        decodes {@code ledger.command-results} values
     */
    public static KafkaCommandGateway start(GatewaySettings settings, Producer<String, SpecificRecord> producer,
            Map<String, Object> consumerConfig, Deserializer<CommandResult> results, Clock clock) {
        CommandTracker tracker = new CommandTracker(settings.maxPending(), settings.pendingRetention(),
                settings.recentOutcomes(), clock);
        ReplyListener replies = new ReplyListener(consumerConfig, results, settings.instanceId(), tracker,
                settings.partitionRefresh());
        replies.start(settings.startTimeout());
        return new KafkaCommandGateway(producer, tracker, replies, settings.instanceId());
    }

    /** Whether outcomes are still being read. */
    public boolean isReadingReplies() {
        return replies.isRunning();
    }

    /** Stops reading outcomes, then flushes and closes the producer. */
    @Override
    public void close() {
        replies.close();
        producer.close(Duration.ofSeconds(10));
    }

    @Override
    public Reply send(CommandEnvelope envelope, String actor, Duration wait) {
        String commandId = envelope.meta().commandId();
        Registration registration = tracker.register(commandId, envelope.command());
        if (registration instanceof Registration.Answered answered) {
            return new Reply.Completed(answered.outcome());
        }
        CompletableFuture<CommandOutcome> outcome;
        if (registration instanceof Registration.Registered registered) {
            outcome = registered.outcome();
            produce(envelope, actor);
        } else {
            outcome = ((Registration.Joined) registration).outcome();
        }
        return await(commandId, outcome, wait);
    }

    @Override
    public Optional<CommandStatus> status(String commandId) {
        return tracker.status(commandId);
    }

    private void produce(CommandEnvelope envelope, String actor) {
        String commandId = envelope.meta().commandId();
        RecordHeaders headers = new RecordHeaders();
        headers.add(LedgerHeaders.COMMAND_ID, utf8(commandId));
        // A REST request starts its own causal chain: the command is the first message of it.
        headers.add(LedgerHeaders.CORRELATION_ID, utf8(commandId));
        headers.add(LedgerHeaders.ACTOR, utf8(actor));
        headers.add(LedgerHeaders.REPLY_TO, instanceId);
        ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(Topics.COMMANDS.name(), null,
                envelope.command().aggregateId(), CommandMapper.toAvro(envelope), headers);
        try {
            producer.send(record, (metadata, failure) -> {
                if (failure != null) {
                    tracker.notSent(commandId, failure);
                }
            });
        } catch (RuntimeException e) {
            // Serialization (registry unreachable) and metadata timeouts are thrown by send itself.
            tracker.notSent(commandId, e);
            throw new CommandNotSentException(commandId, e);
        }
    }

    private static Reply await(String commandId, CompletableFuture<CommandOutcome> outcome, Duration wait) {
        try {
            return new Reply.Completed(outcome.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return new Reply.Pending(commandId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply.Pending(commandId);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
