package io.ledgerline.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.avro.event.MoneyDeposited;
import io.ledgerline.cli.OpsFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code schema register|list|check} against the embedded registry (BACKWARD), on a subject of its own topic. */
class SchemaCommandTest {

    @TempDir
    Path dir;

    private String topic;
    private String subject;

    @BeforeEach
    void moneyDepositedRegistered() throws Exception {
        topic = OpsFixture.uniqueTopic("schema");
        subject = topic + "-io.ledgerline.avro.event.MoneyDeposited";
        OpsFixture.Run run = OpsFixture.run("schema", "register", write("v1.avsc", MoneyDeposited.getClassSchema()
                .toString(true)).toString(), "--topic", topic);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("registered " + subject + " version 1 id ");
    }

    @Test
    void whenList_thenSubjectWithItsVersions() {
        OpsFixture.Run run = OpsFixture.run("schema", "list", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).anySatisfy(line -> assertThat(line).contains("\"subject\":\"" + subject + "\"",
                "\"versions\":[1]"));
    }

    @Test
    void givenOptionalFieldAdded_whenCheck_thenCompatibleAndExit0() throws Exception {
        Path file = write("v2.avsc",
                withField("{\"name\":\"channel\",\"type\":[\"null\",\"string\"],\"default\":null}"));

        OpsFixture.Run run = OpsFixture.run("schema", "check", file.toString(), "--subject", subject);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("COMPATIBLE " + subject);
    }

    @Test
    void givenRequiredFieldAdded_whenCheck_thenIncompatibleWithReasonsAndExit1() throws Exception {
        Path file = write("v2.avsc", withField("{\"name\":\"channel\",\"type\":\"string\"}"));

        OpsFixture.Run run = OpsFixture.run("schema", "check", file.toString(), "--topic", topic, "--json");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("\"compatible\":false", "channel");
    }

    @Test
    void givenIncompatibleSchema_whenRegister_thenRefusedWithOneLineAndExit1() throws Exception {
        Path file = write("v2.avsc", withField("{\"name\":\"channel\",\"type\":\"string\"}"));

        OpsFixture.Run run = OpsFixture.run("schema", "register", file.toString(), "--topic", topic);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("ledgerline register: ").doesNotContain("\tat ");
    }

    @Test
    void givenSourceSchemaUsingSharedType_whenCheckWithImport_thenParsedAndCompatible() {
        // The build's own files: TransferDebitDeclined names DeclineReason, declared in common/.
        Path avro = Path.of("../../events-schema/src/main/avro");

        OpsFixture.Run run = OpsFixture.run("schema", "check", avro.resolve("event/TransferDebitDeclined.avsc")
                .toString(), "--import", avro.resolve("common").toString(), "--topic", topic);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("COMPATIBLE " + topic + "-io.ledgerline.avro.event.TransferDebitDeclined");
    }

    private static String withField(String field) {
        String schema = MoneyDeposited.getClassSchema().toString();
        return schema.substring(0, schema.lastIndexOf(']')) + "," + field + "]}";
    }

    private Path write(String name, String schema) throws Exception {
        return Files.writeString(dir.resolve(name), schema);
    }
}
