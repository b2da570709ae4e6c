package io.ledgerline.devkit.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.registry.CompatibilityLevel;
import io.ledgerline.registry.RegistryRecord;
import io.ledgerline.registry.RegistryRecord.CompatibilityChanged;
import io.ledgerline.registry.RegistryRecord.SchemaRegistered;
import io.ledgerline.registry.RegistryRecord.VersionDeleted;
import io.ledgerline.registry.RegistryState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The topic's keys and values, and why compaction cannot change what the log folds to. */
class SchemaLogCodecTest {

    private static final String X = RegistryHttp.schema("{\"name\":\"x\",\"type\":\"string\"}");
    private static final String Y = RegistryHttp.schema("{\"name\":\"y\",\"type\":\"string\"}");
    private static final String Z = RegistryHttp.schema("{\"name\":\"z\",\"type\":\"string\"}");

    private final SchemaLogCodec codec = new SchemaLogCodec();

    @Test
    void givenEveryRecordKind_whenEncodedAndDecoded_thenSameRecord() throws Exception {
        List<RegistryRecord> records = List.of(
                new SchemaRegistered("s", 1, 7, X),
                new VersionDeleted("s", 1),
                new CompatibilityChanged(null, CompatibilityLevel.FULL),
                new CompatibilityChanged("s", CompatibilityLevel.NONE),
                new CompatibilityChanged("s", null));
        for (RegistryRecord record : records) {
            SchemaLogCodec.Encoded encoded = codec.encode(record);
            assertThat(codec.decode(encoded.key(), encoded.value())).contains(record);
        }
    }

    @Test
    void givenTheSameRegistrationTwice_whenEncoded_thenKeysDifferSoCompactionKeepsBoth() {
        SchemaRegistered r = new SchemaRegistered("s", 1, 1, X);

        assertThat(codec.encode(r).key()).isNotEqualTo(codec.encode(r).key());
        assertThat(codec.encode(new VersionDeleted("s", 1)).key())
                .isEqualTo(codec.encode(new VersionDeleted("s", 1)).key());
    }

    @Test
    void givenForeignRecords_whenDecoded_thenSkipped() throws Exception {
        assertThat(codec.decode("{\"keytype\":\"NOOP\",\"magic\":0}", null)).isEmpty();
        assertThat(codec.decode("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1}",
                "{\"subject\":\"s\",\"version\":1,\"id\":1,\"schema\":\"\\\"string\\\"\"}")).isEmpty();
        assertThat(codec.decode(null, "{}")).isEmpty();
    }

    @Test
    void givenLogWithLosersDuplicatesDeletesAndConfig_whenCompacted_thenItFoldsToTheSameState() throws Exception {
        List<RegistryRecord> log = List.of(
                new SchemaRegistered("s", 1, 1, X),       // wins s/1
                new SchemaRegistered("s", 1, 2, Y),       // loses s/1 to X
                new SchemaRegistered("t", 1, 1, Y),       // loses: id 1 is X
                new SchemaRegistered("s", 1, 1, X),       // a second instance wrote the same record
                new SchemaRegistered("s", 2, 2, Y),       // the loser's retry
                new CompatibilityChanged("s", CompatibilityLevel.NONE),
                new VersionDeleted("s", 1),
                new VersionDeleted("s", 1),               // deleted through two instances
                new SchemaRegistered("t", 1, 3, Z),
                new CompatibilityChanged("s", CompatibilityLevel.FULL),
                new CompatibilityChanged("t", CompatibilityLevel.NONE),
                new CompatibilityChanged("t", null));
        List<SchemaLogCodec.Encoded> full = new ArrayList<>();
        for (RegistryRecord record : log) {
            full.add(codec.encode(record));
        }

        RegistryState before = fold(full);
        RegistryState after = fold(compact(full));

        assertThat(compact(full)).hasSizeLessThan(full.size());
        assertThat(describe(after)).isEqualTo(describe(before));
        assertThat(describe(before)).contains("s/1=1 deleted", "s/2=2", "t/1=3", "s:FULL", "t:BACKWARD", "max:3");
    }

    /** Kafka's log compaction: the last record of every key stays, in its place; tombstones go eventually. */
    private static List<SchemaLogCodec.Encoded> compact(List<SchemaLogCodec.Encoded> log) {
        Map<String, Integer> lastOffset = new LinkedHashMap<>();
        for (int i = 0; i < log.size(); i++) {
            lastOffset.put(log.get(i).key(), i);
        }
        List<SchemaLogCodec.Encoded> out = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            if (lastOffset.get(log.get(i).key()) == i && log.get(i).value() != null) {
                out.add(log.get(i));
            }
        }
        return out;
    }

    private RegistryState fold(List<SchemaLogCodec.Encoded> log) throws Exception {
        RegistryState state = new RegistryState();
        for (SchemaLogCodec.Encoded e : log) {
            codec.decode(e.key(), e.value()).ifPresent(state::apply);
        }
        return state;
    }

    private static List<String> describe(RegistryState state) {
        List<String> out = new ArrayList<>();
        for (String subject : state.subjects(true)) {
            for (int version : state.versions(subject, true)) {
                boolean live = state.versions(subject, true).size() > 0
                        && state.subjects(false).contains(subject)
                        && state.versions(subject, false).contains(version);
                out.add(subject + "/" + version + "=" + state.version(subject, version, true).id()
                        + (live ? "" : " deleted"));
            }
            out.add(subject + ":" + state.compatibility(subject));
        }
        out.add("max:" + state.maxId());
        return out;
    }
}
