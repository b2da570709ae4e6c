package io.ledgerline.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.account.AccountCommand;
import io.ledgerline.account.AccountEvent;
import io.ledgerline.transfer.TransferCommand;
import io.ledgerline.transfer.TransferEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Java 17 cannot switch exhaustively over a sealed family, so this test is the compile error we would otherwise
 * get: every permitted command and event type, and every Avro record under src/main/avro, has a mapping and a sample.
 */
class MappersCoverEveryTypeTest {

    @Test
    void everyDomainCommandAndEventHasAMapping() {
        assertThat(CommandMapper.mappedDomainTypes())
                .containsExactlyInAnyOrderElementsOf(permitted(AccountCommand.class, TransferCommand.class));
        assertThat(EventMapper.mappedDomainTypes())
                .containsExactlyInAnyOrderElementsOf(permitted(AccountEvent.class, TransferEvent.class));
    }

    @Test
    void everyAvroCommandAndEventHasAMapping() throws Exception {
        assertThat(CommandMapper.mappedAvroTypes()).containsExactlyInAnyOrderElementsOf(avroClasses("command"));
        assertThat(EventMapper.mappedAvroTypes()).containsExactlyInAnyOrderElementsOf(avroClasses("event"));
    }

    @Test
    void everyDomainTypeHasASample() {
        assertThat(Samples.COMMANDS.stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(permitted(AccountCommand.class, TransferCommand.class));
        assertThat(Samples.EVENTS.stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(permitted(AccountEvent.class, TransferEvent.class));
    }

    private static Set<Class<?>> permitted(Class<?>... families) {
        return Arrays.stream(families).flatMap(f -> Arrays.stream(f.getPermittedSubclasses()))
                .collect(Collectors.toSet());
    }

    private static List<Class<?>> avroClasses(String folder) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/avro", folder))) {
            return files.map(f -> f.getFileName().toString().replace(".avsc", ""))
                    .map(name -> load("io.ledgerline.avro." + folder + "." + name))
                    .collect(Collectors.toList());
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no generated class for " + name, e);
        }
    }
}
