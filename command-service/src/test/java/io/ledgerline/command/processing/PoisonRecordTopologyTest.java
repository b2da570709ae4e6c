package io.ledgerline.command.processing;

import static io.ledgerline.command.processing.Commands.ISSUED_AT;
import static io.ledgerline.command.processing.ProcessorDriver.header;
import static io.ledgerline.command.processing.ProcessorDriver.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.avro.event.MoneyDeposited;
import io.ledgerline.mapping.OutcomeMapper;
import io.ledgerline.mapping.UnmappableRecordException;
import io.ledgerline.outcome.OutcomeCode;
import io.ledgerline.registry.InMemorySchemaRegistry;
import io.ledgerline.registry.SchemaRegistryClient;
import io.ledgerline.registry.SchemaRegistryException;
import io.ledgerline.serde.WireFormatException;
import io.ledgerline.streams.PoisonRecordException;
import io.ledgerline.topics.LedgerHeaders;
import io.ledgerline.topics.Topics;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records that are not commands go to the dead-letter topic untouched, and the partition moves on. */
class PoisonRecordTopologyTest {

    @TempDir
    Path stateDir;

    @Test
    void everyKindOfPoisonIsDeadLetteredWithItsOriginAndReasonAndTheNextCommandIsProcessed() {
        try (ProcessorDriver processor = new ProcessorDriver(stateDir, Duration.ofDays(7))) {
            byte[] good = processor.encode(Commands.open("c-0", "acc-1"));
            MoneyDeposited event = new MoneyDeposited("e-1", 1L, ISSUED_AT, "c-x", "acc-1", 5L, "EUR", null);
            List<byte[]> poison = List.of(
                    PoisonCommands.wrongMagicByte(good),
                    PoisonCommands.unknownSchemaId(good),
                    PoisonCommands.truncated(good),
                    PoisonCommands.randomBytes(),
                    processor.encodeRecord(Topics.COMMANDS.name(), event));
            for (byte[] value : poison) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(LedgerHeaders.COMMAND_ID, utf8("c-poison"));
                headers.add("x-origin", utf8("test"));
                processor.sendRaw(utf8("acc-1"), value, ISSUED_AT, headers);
            }
            processor.sendRaw(utf8("acc-1"), null, ISSUED_AT, new RecordHeaders());
            processor.send(Commands.open("c-1", "acc-1"));

            List<TestRecord<byte[], byte[]>> dead = processor.deadLetters();
            assertThat(dead).hasSize(6);
            for (int i = 0; i < poison.size(); i++) {
                TestRecord<byte[], byte[]> letter = dead.get(i);
                assertThat(letter.key()).isEqualTo(utf8("acc-1"));
                assertThat(letter.value()).isEqualTo(poison.get(i));
                assertThat(header(letter.headers(), LedgerHeaders.DLQ_TOPIC)).isEqualTo(Topics.COMMANDS.name());
                assertThat(header(letter.headers(), LedgerHeaders.DLQ_PARTITION)).isEqualTo("0");
                assertThat(header(letter.headers(), LedgerHeaders.DLQ_OFFSET)).isEqualTo(Integer.toString(i));
                assertThat(header(letter.headers(), LedgerHeaders.DLQ_ERROR_MESSAGE)).isNotBlank();
                assertThat(header(letter.headers(), LedgerHeaders.COMMAND_ID)).isEqualTo("c-poison");
                assertThat(header(letter.headers(), "x-origin")).isEqualTo("test");
            }
            assertThat(dead.subList(0, 4)).extracting(r -> header(r.headers(), LedgerHeaders.DLQ_ERROR_CLASS))
                    .containsOnly(WireFormatException.class.getName());
            assertThat(header(dead.get(0).headers(), LedgerHeaders.DLQ_ERROR_MESSAGE)).contains("BAD_MAGIC_BYTE");
            assertThat(header(dead.get(1).headers(), LedgerHeaders.DLQ_ERROR_MESSAGE)).contains("UNKNOWN_SCHEMA_ID");
            assertThat(header(dead.get(4).headers(), LedgerHeaders.DLQ_ERROR_CLASS))
                    .isEqualTo(UnmappableRecordException.class.getName());
            assertThat(dead.get(5).value()).isNull();
            assertThat(header(dead.get(5).headers(), LedgerHeaders.DLQ_ERROR_CLASS))
                    .isEqualTo(PoisonRecordException.class.getName());

            TestRecord<String, io.ledgerline.avro.result.CommandResult> result = processor.onlyResult();
            assertThat(OutcomeMapper.fromAvro(result.value()).code()).isEqualTo(OutcomeCode.ACCEPTED);
            assertThat(processor.events()).hasSize(1);
        }
    }

    @Test
    void anUnreachableRegistryFailsTheTaskInsteadOfDeadLetteringTheCommand() {
        AtomicBoolean down = new AtomicBoolean();
        String scope = "unreachable-" + System.nanoTime();
        SchemaRegistryClient flaky = flaky(InMemorySchemaRegistry.forScope(scope), down);
        try (ProcessorDriver processor = new ProcessorDriver(stateDir, Duration.ofDays(7), flaky)) {
            byte[] command = processor.encode(Commands.open("c-1", "acc-1"));
            down.set(true);

            assertThatThrownBy(() -> processor.sendRaw(utf8("acc-1"), command, ISSUED_AT, new RecordHeaders()))
                    .hasStackTraceContaining("registry unreachable");

            assertThat(processor.deadLetters()).isEmpty();
            assertThat(processor.results()).isEmpty();
            assertThat(processor.events()).isEmpty();
        } finally {
            InMemorySchemaRegistry.dropScope(scope);
        }
    }

    /** {@code registry}, except that every call fails as an unreachable registry would while {@code down}. */
    private static SchemaRegistryClient flaky(SchemaRegistryClient registry, AtomicBoolean down) {
        return (SchemaRegistryClient) Proxy.newProxyInstance(SchemaRegistryClient.class.getClassLoader(),
                new Class<?>[] {SchemaRegistryClient.class}, (proxy, method, args) -> {
                    if (down.get() && !method.getName().equals("close")) {
                        throw new SchemaRegistryException(503, SchemaRegistryException.UNAVAILABLE,
                                "registry unreachable");
                    }
                    try {
                        return method.invoke(registry, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
