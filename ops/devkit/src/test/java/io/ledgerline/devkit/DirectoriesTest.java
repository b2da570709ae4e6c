package io.ledgerline.devkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoriesTest {

    @TempDir
    Path root;

    @Test
    void givenNestedTree_whenDeleted_thenGone() throws Exception {
        Path dir = root.resolve("data");
        Files.createDirectories(dir.resolve("kafka/ledger.events-0"));
        Files.writeString(dir.resolve("kafka/ledger.events-0/00000.log"), "records");

        Directories.delete(dir);

        assertThat(dir).doesNotExist();
        assertThat(root).exists();
    }

    @Test
    void givenMissingDirectory_whenDeleted_thenNothingHappens() {
        assertThatCode(() -> Directories.delete(root.resolve("absent"))).doesNotThrowAnyException();
        assertThatCode(() -> Directories.deleteQuietly(root.resolve("absent"))).doesNotThrowAnyException();
    }
}
