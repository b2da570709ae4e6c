package io.ledgerline.cli.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.cli.OpsFixture;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export} of a log of its own (three partitions): two accounts opened, then ten deposits one a second, then one
 * record that is not in the wire format. The files are read back with DuckDB.
 */
class ExportCommandTest {

    private static final Instant T0 = Instant.parse("2026-04-01T08:00:00Z");
    private static String log;

    @TempDir
    Path dir;

    @BeforeAll
    static void accountsAndDeposits() throws Exception {
        log = OpsFixture.createTopic("export-log", 3);
        try (KafkaProducer<String, SpecificRecord> producer = OpsFixture.eventProducer()) {
            for (String account : List.of("acc-a", "acc-b")) {
                producer.send(new ProducerRecord<>(log, null, T0.toEpochMilli(), account,
                        OpsFixture.opened(account, T0)));
            }
            for (int i = 1; i <= 10; i++) {
                Instant at = T0.plusSeconds(i);
                String account = i % 2 == 0 ? "acc-a" : "acc-b";
                producer.send(new ProducerRecord<>(log, null, at.toEpochMilli(), account,
                        OpsFixture.deposited(account, i * 100L, at)));
            }
            producer.flush();
        }
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, OpsFixture.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(log, 0, T0.plusSeconds(11).toEpochMilli(),
                    "acc-x".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    @Test
    void givenTheWholeLog_whenExport_thenOneFilePerEventTypeWithEveryEventAndItsPosition() throws Exception {
        OpsFixture.Run run = OpsFixture.run("export", "--format", "parquet", "--topic", log, "--to", dir.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(files()).containsExactly("AccountOpened.parquet", "MoneyDeposited.parquet", "undecodable.parquet");
        assertThat(run.lines()).hasSize(4);
        assertThat(run.lines().get(1)).startsWith(dir.resolve("MoneyDeposited.parquet") + ": 10 rows, ");
        assertThat(run.lines().get(3)).startsWith("exported 13 event(s) of " + log + " [start, end) to " + dir
                + ": 3 file(s), ");

        assertThat(DuckDb.query("SELECT kafka_key, holderName, epoch_ms(kafka_timestamp) FROM "
                + DuckDb.parquet(dir.resolve("AccountOpened.parquet")) + " ORDER BY kafka_key")).containsExactly(
                List.of("acc-a", "Holder acc-a", T0.toEpochMilli()),
                List.of("acc-b", "Holder acc-b", T0.toEpochMilli()));
        assertThat(DuckDb.query("SELECT accountId, sum(amount), count(*), bool_and(kafka_key = accountId), "
                + "count(DISTINCT kafka_partition) FROM " + DuckDb.parquet(dir.resolve("MoneyDeposited.parquet"))
                + " GROUP BY accountId ORDER BY accountId")).containsExactly(
                List.of("acc-a", BigInteger.valueOf(3000), 5L, true, 1L),
                List.of("acc-b", BigInteger.valueOf(2500), 5L, true, 1L));
        assertThat(DuckDb.query("SELECT kafka_partition, kafka_key, decode(value) FROM "
                + DuckDb.parquet(dir.resolve("undecodable.parquet")))).containsExactly(
                List.of(0, "acc-x", "not avro"));
    }

    @Test
    void givenTimeRange_whenExport_thenOnlyEventsOfTheSlice() throws Exception {
        OpsFixture.Run run = OpsFixture.run("export", "--topic", log, "--to", dir.toString(),
                "--from-time", T0.plusSeconds(3).toString(), "--to-time", T0.plusSeconds(7).toString(), "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(files()).containsExactly("MoneyDeposited.parquet");
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(0)).contains("\"type\":\"MoneyDeposited\"", "\"rows\":4");
        assertThat(run.lines().get(1)).contains("\"files\":1", "\"rows\":4");
        assertThat(DuckDb.query("SELECT amount FROM " + DuckDb.parquet(dir.resolve("MoneyDeposited.parquet"))
                + " ORDER BY amount")).containsExactly(List.of(300L), List.of(400L), List.of(500L), List.of(600L));
    }

    @Test
    void givenAnEarlierExport_whenExportAgain_thenRefusedUnlessOverwrite() throws Exception {
        assertThat(OpsFixture.run("export", "--topic", log, "--to", dir.toString()).exit()).isZero();
        long before = Files.size(dir.resolve("MoneyDeposited.parquet"));

        OpsFixture.Run again = OpsFixture.run("export", "--topic", log, "--to", dir.toString(),
                "--to-time", T0.plusSeconds(2).toString());
        OpsFixture.Run overwritten = OpsFixture.run("export", "--topic", log, "--to", dir.toString(),
                "--to-time", T0.plusSeconds(2).toString(), "--overwrite");

        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err().strip()).startsWith("ledgerline export: " + dir + " already holds AccountOpened.parquet, "
                + "MoneyDeposited.parquet, undecodable.parquet;").doesNotContain("\n");
        assertThat(overwritten.exit()).as(overwritten.err()).isZero();
        assertThat(Files.size(dir.resolve("MoneyDeposited.parquet"))).isNotEqualTo(before);
        assertThat(DuckDb.query("SELECT count(*) FROM " + DuckDb.parquet(dir.resolve("MoneyDeposited.parquet"))))
                .containsExactly(List.of(1L));
    }

    @Test
    void givenAFormatOtherThanParquet_whenExport_thenUsageErrorAndNothingWritten() throws Exception {
        Path target = dir.resolve("out");

        OpsFixture.Run run = OpsFixture.run("export", "--format", "csv", "--topic", log, "--to", target.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid value for option '--format': expected one of [PARQUET] "
                + "(case-insensitive) but was 'csv'");
        assertThat(target).doesNotExist();
    }

    private List<String> files() throws Exception {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
