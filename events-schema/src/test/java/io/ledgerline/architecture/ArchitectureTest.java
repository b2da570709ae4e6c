package io.ledgerline.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The domain messages stay pure: no Avro, no Kafka, no Spring, no registry; only the mappers see Avro. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ledgerline");

    @Test
    void domainMessagesDependOnNoInfrastructure() {
        noClasses().that().resideInAnyPackage(
                        "io.ledgerline.account..", "io.ledgerline.transfer..", "io.ledgerline.message..",
                        "io.ledgerline.outcome..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.avro..", "org.apache.kafka..", "org.springframework..", "io.ledgerline.avro..",
                        "io.ledgerline.serde..", "io.ledgerline.registry..", "io.ledgerline.topics..")
                .check(CLASSES);
    }

    @Test
    void eventsSchemaIsALeanClientLibrary() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "kafka..",
                        "org.apache.kafka.streams..")
                .check(CLASSES);
    }
}
