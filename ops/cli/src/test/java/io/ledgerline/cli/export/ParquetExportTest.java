package io.ledgerline.cli.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.avro.common.DeclineReason;
import io.ledgerline.avro.event.TransferDebitDeclined;
import io.ledgerline.cli.OpsFixture;
import io.ledgerline.cli.kafka.RecordJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing Parquet files with parquet-java and no Hadoop on the class path (no broker needed); the files are read
 * back with DuckDB.
 */
class ParquetExportTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void hadoopIsNotOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("org.apache.hadoop.fs.Path"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void givenTwoEventTypesAndAnUndecodableRecord_whenPublished_thenOneFilePerTypeReadableByParquet() throws Exception {
        List<ParquetExport.Written> written;
        try (ParquetExport export = ParquetExport.into(dir, false)) {
            export.add(record(0, 10, T0, "acc-1"), decoded(OpsFixture.deposited("acc-1", 500, T0)));
            export.add(record(1, 4, T0.plusSeconds(1), "acc-2"), decoded(declined("acc-2", T0.plusSeconds(1))));
            export.add(record(0, 11, T0.plusSeconds(2), "acc-1"),
                    decoded(OpsFixture.deposited("acc-1", 700, T0.plusSeconds(2))));
            export.add(record(2, 7, T0.plusSeconds(3), "acc-3"), new RecordJson.Decoded(null, "unknown magic byte"));
            written = export.publish();
        }

        assertThat(written).extracting(ParquetExport.Written::type, ParquetExport.Written::rows)
                .containsExactly(Tuple.tuple("MoneyDeposited", 2L),
                        Tuple.tuple("TransferDebitDeclined", 1L),
                        Tuple.tuple("undecodable", 1L));
        assertThat(written).allSatisfy(file -> assertThat(file.bytes()).isEqualTo(Files.size(file.file())));
        try (Stream<Path> listing = Files.list(dir)) {
            assertThat(listing.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder(
                    "MoneyDeposited.parquet", "TransferDebitDeclined.parquet", "undecodable.parquet");
        }

        assertThat(DuckDb.query("SELECT kafka_partition, kafka_offset, epoch_ms(kafka_timestamp), kafka_key, "
                + "accountId, amount, epoch_ms(occurredAt), reference IS NULL FROM " + DuckDb.parquet(dir.resolve(
                        "MoneyDeposited.parquet")) + " ORDER BY kafka_offset")).containsExactly(
                List.of(0, 10L, T0.toEpochMilli(), "acc-1", "acc-1", 500L, T0.toEpochMilli(), true),
                List.of(0, 11L, T0.plusSeconds(2).toEpochMilli(), "acc-1", "acc-1", 700L,
                        T0.plusSeconds(2).toEpochMilli(), true));
        assertThat(DuckDb.query("SELECT kafka_partition, transferId, reason, message FROM "
                + DuckDb.parquet(dir.resolve("TransferDebitDeclined.parquet")))).containsExactly(
                List.of(1, "tr-1", "ACCOUNT_FROZEN", "account is FROZEN"));
        assertThat(DuckDb.query("SELECT kafka_offset, kafka_key, decode_error, hex(value) FROM "
                + DuckDb.parquet(dir.resolve("undecodable.parquet")))).containsExactly(
                List.of(7L, "acc-3", "unknown magic byte", "01"));
    }

    @Test
    void givenAnEventFile_thenItsColumnsAreTheKafkaPositionThenTheEventFieldsWithTypesAndSnappyPages()
            throws Exception {
        try (ParquetExport export = ParquetExport.into(dir, false)) {
            export.add(record(0, 0, T0, "acc-1"), decoded(OpsFixture.deposited("acc-1", 1, T0)));
            export.publish();
        }
        String file = DuckDb.parquet(dir.resolve("MoneyDeposited.parquet"));

        assertThat(DuckDb.query("SELECT column_name, column_type, \"null\" FROM (DESCRIBE SELECT * FROM " + file + ")"))
                .containsExactly(
                        List.of("kafka_partition", "INTEGER", "YES"),
                        List.of("kafka_offset", "BIGINT", "YES"),
                        List.of("kafka_timestamp", "TIMESTAMP WITH TIME ZONE", "YES"),
                        List.of("kafka_key", "VARCHAR", "YES"),
                        List.of("eventId", "VARCHAR", "YES"),
                        List.of("version", "BIGINT", "YES"),
                        List.of("occurredAt", "TIMESTAMP WITH TIME ZONE", "YES"),
                        List.of("commandId", "VARCHAR", "YES"),
                        List.of("accountId", "VARCHAR", "YES"),
                        List.of("amount", "BIGINT", "YES"),
                        List.of("currency", "VARCHAR", "YES"),
                        List.of("reference", "VARCHAR", "YES"));
        assertThat(DuckDb.query("SELECT name, repetition_type FROM parquet_schema('" + dir.resolve(
                "MoneyDeposited.parquet") + "') WHERE name IN ('amount', 'reference') ORDER BY name"))
                .containsExactly(List.of("amount", "REQUIRED"), List.of("reference", "OPTIONAL"));
        assertThat(DuckDb.query("SELECT DISTINCT compression FROM parquet_metadata('" + dir.resolve(
                "MoneyDeposited.parquet") + "')")).containsExactly(List.of("SNAPPY"));
    }

    @Test
    void givenParquetFilesInTheDirectory_whenExportWithoutOverwrite_thenRefused() throws Exception {
        Files.writeString(dir.resolve("MoneyDeposited.parquet"), "an earlier export");

        assertThatThrownBy(() -> ParquetExport.into(dir, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already holds MoneyDeposited.parquet");
    }

    @Test
    void givenAnExistingFile_whenExportWithOverwrite_thenReplaced() throws Exception {
        Files.writeString(dir.resolve("MoneyDeposited.parquet"), "an earlier export");

        try (ParquetExport export = ParquetExport.into(dir, true)) {
            export.add(record(0, 0, T0, "acc-1"), decoded(OpsFixture.deposited("acc-1", 1, T0)));
            export.publish();
        }

        assertThat(DuckDb.query("SELECT count(*) FROM " + DuckDb.parquet(dir.resolve("MoneyDeposited.parquet"))))
                .containsExactly(List.of(1L));
    }

    @Test
    void givenAnExportThatFails_whenClosedUnpublished_thenNoFileIsLeft() throws Exception {
        try (ParquetExport export = ParquetExport.into(dir, false)) {
            export.add(record(0, 0, T0, "acc-1"), decoded(OpsFixture.deposited("acc-1", 1, T0)));
        }

        try (Stream<Path> listing = Files.list(dir)) {
            assertThat(listing).isEmpty();
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, Instant at, String key) {
        return new ConsumerRecord<>("cli-test-export", partition, offset, at.toEpochMilli(),
                TimestampType.CREATE_TIME, 0, 0, key.getBytes(StandardCharsets.UTF_8), new byte[] {1},
                new RecordHeaders(), Optional.empty());
    }

    private static RecordJson.Decoded decoded(SpecificRecord event) {
        return new RecordJson.Decoded(event, null);
    }

    private static TransferDebitDeclined declined(String accountId, Instant at) {
        return TransferDebitDeclined.newBuilder().setEventId(accountId + "-debit:0").setVersion(3).setOccurredAt(at)
                .setCommandId("tr-1:debit").setAccountId(accountId).setTransferId("tr-1").setAmount(900)
                .setCurrency("EUR").setReason(DeclineReason.ACCOUNT_FROZEN).setMessage("account is FROZEN").build();
    }
}
