package io.ledgerline.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.ledgerline.account.AccountDecider;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The deciders and the saga stay pure (DESIGN.md §1.5): no infrastructure, no clock, no randomness. */
class DomainArchitectureTest {

    private static final String[] DOMAIN = {
        "io.ledgerline.account..", "io.ledgerline.transfer..", "io.ledgerline.command.domain..",
        "io.ledgerline.saga.."};

    // Only this module's classes: scanning every jar on the class path for the packages took seconds, and the
    // domain messages in events-schema have their own architecture test there.
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(moduleClasses());

    private static Path moduleClasses() {
        try {
            return Path.of(AccountDecider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void domainDependsOnNoKafkaSpringOrAvro() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.kafka..", "kafka..", "org.springframework..", "org.apache.avro..",
                        "io.ledgerline.avro..", "io.ledgerline.mapping..", "io.ledgerline.serde..",
                        "io.ledgerline.registry..", "io.ledgerline.topics..")
                .check(CLASSES);
    }

    @Test
    void theSagaDeciderKnowsNothingOfTheTopologyThatDrivesIt() {
        // io.ledgerline.command.saga (Kafka Streams) depends on io.ledgerline.saga, never the other way (ADR 0010).
        noClasses().that().resideInAPackage("io.ledgerline.saga..")
                .should().dependOnClassesThat().resideInAPackage("io.ledgerline.command..")
                .check(CLASSES);
        assertThat(CLASSES.containPackage("io.ledgerline.command.saga")).isTrue();
    }

    @Test
    void theDomainIsImported() {
        assertThat(CLASSES.containPackage("io.ledgerline.account")).isTrue();
        assertThat(CLASSES.containPackage("io.ledgerline.transfer")).isTrue();
        assertThat(CLASSES.containPackage("io.ledgerline.command.domain")).isTrue();
        assertThat(CLASSES.containPackage("io.ledgerline.saga")).isTrue();
    }

    @Test
    void domainReadsNoClockAndDrawsNoRandomNumbers() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().belongToAnyOf(
                        Clock.class, Random.class, SecureRandom.class, ThreadLocalRandom.class)
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Instant.class, "now")
                .orShould().callMethod(LocalDate.class, "now")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(OffsetDateTime.class, "now")
                .orShould().callMethod(ZonedDateTime.class, "now")
                .orShould().callMethod(UUID.class, "randomUUID")
                .check(CLASSES);
    }
}
