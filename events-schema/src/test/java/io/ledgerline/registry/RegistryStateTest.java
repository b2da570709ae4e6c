package io.ledgerline.registry;

import static io.ledgerline.registry.Schemas.ONLY_B;
import static io.ledgerline.registry.Schemas.V1;
import static io.ledgerline.registry.Schemas.V2_WITH_DEFAULT;
import static io.ledgerline.registry.Schemas.V2_WITHOUT_DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.registry.RegistryRecord.CompatibilityChanged;
import io.ledgerline.registry.RegistryRecord.SchemaRegistered;
import io.ledgerline.registry.RegistryRecord.VersionDeleted;
import io.ledgerline.registry.RegistryState.Registration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryStateTest {

    private final RegistryState state = new RegistryState();

    private int register(String subject, org.apache.avro.Schema schema) {
        Registration r = state.planRegistration(subject, schema);
        if (r instanceof Registration.NewVersion added) {
            assertThat(state.apply(added.record())).isTrue();
            return added.record().id();
        }
        return ((Registration.Existing) r).id();
    }

    @Test
    void givenEmptyRegistry_whenRegister_thenFirstVersionWithFirstId() {
        Registration r = state.planRegistration("s", V1);

        assertThat(r).isEqualTo(new Registration.NewVersion(new SchemaRegistered("s", 1, 1, V1.toString())));
    }

    @Test
    void givenRegisteredSchema_whenRegisteredAgain_thenExistingIdAndNoNewVersion() {
        register("s", V1);

        assertThat(state.planRegistration("s", V1)).isEqualTo(new Registration.Existing(1, 1));
        assertThat(state.versions("s", false)).containsExactly(1);
    }

    @Test
    void givenSchemaUnderOneSubject_whenRegisteredUnderAnother_thenSameId() {
        int first = register("a", V1);

        int second = register("b", V1);

        assertThat(second).isEqualTo(first);
        assertThat(state.usesOf(first, false)).extracting(RegisteredSchema::subject).containsExactly("a", "b");
    }

    @Test
    void givenSchemaText_whenOnlyWhitespaceDiffers_thenSameId() {
        int first = register("a", V1);

        int second = register("b", RegistryState.parse(Schemas.text("{ \"name\" : \"a\",\n \"type\": \"string\" }")));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void givenDifferentSchemas_whenRegistered_thenNextIdsAndVersions() {
        register("s", V1);

        Registration r = state.planRegistration("s", V2_WITH_DEFAULT);

        assertThat(r).isEqualTo(
                new Registration.NewVersion(new SchemaRegistered("s", 2, 2, V2_WITH_DEFAULT.toString())));
    }

    @Test
    void givenInvalidSchemaText_whenParsed_thenInvalidSchema42201() {
        assertThatThrownBy(() -> RegistryState.parse("{\"type\":\"record\",\"name\":\"T\"}"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(42201);
                    assertThat(e.httpStatus()).isEqualTo(422);
                });
        assertThatThrownBy(() -> RegistryState.parse("not json")).hasFieldOrPropertyWithValue("errorCode", 42201);
        assertThatThrownBy(() -> RegistryState.parse(Schemas.text("{\"name\":\"a\",\"type\":\"int\",\"default\":\"x\"}")))
                .hasFieldOrPropertyWithValue("errorCode", 42201);
    }

    @Test
    void givenInvalidSubject_whenRegister_thenRefused() {
        assertThatThrownBy(() -> state.planRegistration("", V1)).hasFieldOrPropertyWithValue("errorCode", 42208);
    }

    @Test
    void givenBackward_whenNewFieldHasNoDefault_thenIncompatible409WithMessages() {
        register("s", V1);

        assertThatThrownBy(() -> state.planRegistration("s", V2_WITHOUT_DEFAULT))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("READER_FIELD_MISSING_DEFAULT_VALUE", "\"s\"");
                });
        CompatibilityResult result = state.checkCompatibility("s", V2_WITHOUT_DEFAULT);
        assertThat(result.compatible()).isFalse();
        assertThat(result.messages()).anyMatch(m -> m.contains("READER_FIELD_MISSING_DEFAULT_VALUE"))
                .contains("{oldSchemaVersion: 1}", "{compatibility: 'BACKWARD'}");
    }

    @Test
    void givenBackward_whenNewFieldHasDefault_thenRegistered() {
        register("s", V1);

        assertThat(register("s", V2_WITH_DEFAULT)).isEqualTo(2);
    }

    @Test
    void givenBackward_whenIncompatibleOnlyWithOlderVersion_thenAccepted() {
        register("s", V1);
        register("s", V2_WITH_DEFAULT);

        // Reads V2 (which has b) but not V1 (which lacks b, and b has no default here).
        org.apache.avro.Schema needsB = Schemas.record("{\"name\":\"b\",\"type\":\"int\"}");

        assertThat(state.checkCompatibility("s", needsB).compatible()).isTrue();
    }

    @Test
    void givenBackwardTransitive_whenIncompatibleWithOlderVersion_thenRefused() {
        register("s", V1);
        register("s", V2_WITH_DEFAULT);
        state.apply(new CompatibilityChanged("s", CompatibilityLevel.BACKWARD_TRANSITIVE));
        org.apache.avro.Schema needsB = Schemas.record("{\"name\":\"b\",\"type\":\"int\"}");

        CompatibilityResult result = state.checkCompatibility("s", needsB);

        assertThat(result.compatible()).isFalse();
        assertThat(result.messages()).contains("{oldSchemaVersion: 1}").doesNotContain("{oldSchemaVersion: 2}");
    }

    @Test
    void givenForward_whenFieldAddedWithoutDefault_thenAccepted() {
        state.apply(new CompatibilityChanged(null, CompatibilityLevel.FORWARD));
        register("s", V1);

        assertThat(state.checkCompatibility("s", V2_WITHOUT_DEFAULT).compatible()).isTrue();
    }

    @Test
    void givenForward_whenFieldWithoutDefaultRemoved_thenRefused() {
        state.apply(new CompatibilityChanged(null, CompatibilityLevel.FORWARD));
        register("s", V1);

        assertThat(state.checkCompatibility("s", ONLY_B).compatible()).isFalse();
    }

    @Test
    void givenForwardTransitive_whenIncompatibleWithOlderVersion_thenRefused() {
        state.apply(new CompatibilityChanged(null, CompatibilityLevel.FORWARD_TRANSITIVE));
        register("s", V1);
        register("s", V2_WITH_DEFAULT);
        // Drops 'a', which V1 and V2 readers both need; the transitive check reports both versions.
        org.apache.avro.Schema dropsA = Schemas.record("{\"name\":\"b\",\"type\":\"int\"}");

        assertThat(state.checkCompatibility("s", dropsA).messages())
                .contains("{oldSchemaVersion: 1}", "{oldSchemaVersion: 2}");
    }

    @Test
    void givenFull_whenFieldAddedWithoutDefault_thenRefused() {
        state.apply(new CompatibilityChanged("s", CompatibilityLevel.FULL));
        register("s", V1);

        assertThat(state.checkCompatibility("s", V2_WITHOUT_DEFAULT).compatible()).isFalse();
        assertThat(state.checkCompatibility("s", V2_WITH_DEFAULT).compatible()).isTrue();
    }

    @Test
    void givenFullTransitive_whenIncompatibleWithOlderVersion_thenRefused() {
        state.apply(new CompatibilityChanged("s", CompatibilityLevel.NONE));
        register("s", V1);
        register("s", ONLY_B);
        state.apply(new CompatibilityChanged("s", CompatibilityLevel.FULL_TRANSITIVE));
        org.apache.avro.Schema bAndC = Schemas.record(
                "{\"name\":\"b\",\"type\":\"int\",\"default\":0},{\"name\":\"c\",\"type\":\"int\",\"default\":0}");

        CompatibilityResult result = state.checkCompatibility("s", bAndC);

        assertThat(result.compatible()).isFalse();
        assertThat(result.messages()).contains("{oldSchemaVersion: 1}").doesNotContain("{oldSchemaVersion: 2}");
    }

    @Test
    void givenNone_whenAnythingRegistered_thenAccepted() {
        state.apply(new CompatibilityChanged(null, CompatibilityLevel.NONE));
        register("s", V1);

        assertThat(register("s", Schemas.record("{\"name\":\"a\",\"type\":\"long\"}"))).isEqualTo(2);
    }

    @Test
    void givenIncompatibleVersionDeleted_whenRegister_thenCheckedOnlyAgainstLiveVersions() {
        state.apply(new CompatibilityChanged("s", CompatibilityLevel.NONE));
        register("s", V1);
        register("s", ONLY_B);
        state.apply(new CompatibilityChanged("s", null));
        assertThat(state.checkCompatibility("s", V2_WITH_DEFAULT).compatible()).isFalse();

        state.apply(state.planVersionDeletion("s", 2));

        assertThat(register("s", V2_WITH_DEFAULT)).isPositive();
    }

    @Test
    void givenNoConfig_whenAsked_thenGlobalDefaultIsBackward() {
        assertThat(state.compatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(state.compatibility("s")).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(state.subjectCompatibility("s")).isEmpty();
        assertThat(new RegistryState(CompatibilityLevel.FULL).compatibility("s")).isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    void givenSubjectLevel_whenAsked_thenItOverridesGlobalUntilCleared() {
        state.apply(new CompatibilityChanged(null, CompatibilityLevel.FORWARD));
        state.apply(new CompatibilityChanged("s", CompatibilityLevel.NONE));

        assertThat(state.compatibility("s")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(state.compatibility("other")).isEqualTo(CompatibilityLevel.FORWARD);

        state.apply(new CompatibilityChanged("s", null));

        assertThat(state.compatibility("s")).isEqualTo(CompatibilityLevel.FORWARD);
    }

    @Test
    void givenDeletedSubject_whenListed_thenHiddenUnlessDeletedAsked() {
        register("s", V1);
        register("s", V2_WITH_DEFAULT);
        register("t", V1);

        List<VersionDeleted> deletes = state.planSubjectDeletion("s");
        deletes.forEach(state::apply);

        assertThat(deletes).containsExactly(new VersionDeleted("s", 1), new VersionDeleted("s", 2));
        assertThat(state.subjects(false)).containsExactly("t");
        assertThat(state.subjects(true)).containsExactly("s", "t");
        assertThatThrownBy(() -> state.versions("s", false)).hasFieldOrPropertyWithValue("errorCode", 40401);
        assertThat(state.versions("s", true)).containsExactly(1, 2);
        assertThatThrownBy(() -> state.version("s", 1, false)).hasFieldOrPropertyWithValue("errorCode", 40401);
        assertThat(state.version("s", 1, true).id()).isEqualTo(1);
        assertThatThrownBy(() -> state.latest("s")).hasFieldOrPropertyWithValue("errorCode", 40401);
        assertThat(state.latest("s", true).version()).isEqualTo(2);
        assertThat(state.schemaById(2)).isEqualTo(V2_WITH_DEFAULT);
    }

    @Test
    void givenDeletedSubject_whenDeletedAgain_thenSoftDeleted40404() {
        register("s", V1);
        state.planSubjectDeletion("s").forEach(state::apply);

        assertThatThrownBy(() -> state.planSubjectDeletion("s")).hasFieldOrPropertyWithValue("errorCode", 40404);
        assertThatThrownBy(() -> state.planSubjectDeletion("nope")).hasFieldOrPropertyWithValue("errorCode", 40401);
    }

    @Test
    void givenDeletedVersion_whenRead_thenHiddenUnlessDeletedAsked() {
        register("s", V1);
        register("s", V2_WITH_DEFAULT);

        state.apply(state.planVersionDeletion("s", 1));

        assertThat(state.versions("s", false)).containsExactly(2);
        assertThat(state.versions("s", true)).containsExactly(1, 2);
        assertThatThrownBy(() -> state.version("s", 1, false)).hasFieldOrPropertyWithValue("errorCode", 40402);
        assertThat(state.version("s", 1, true).schema()).isEqualTo(V1);
        assertThatThrownBy(() -> state.lookup("s", V1, false)).hasFieldOrPropertyWithValue("errorCode", 40403);
        assertThat(state.lookup("s", V1, true).version()).isEqualTo(1);
        assertThatThrownBy(() -> state.planVersionDeletion("s", 1)).hasFieldOrPropertyWithValue("errorCode", 40406);
        assertThatThrownBy(() -> state.planVersionDeletion("s", 9)).hasFieldOrPropertyWithValue("errorCode", 40402);
    }

    @Test
    void givenDeletedLatest_whenLatestAsked_thenPreviousLiveVersion() {
        register("s", V1);
        register("s", V2_WITH_DEFAULT);

        state.apply(state.planLatestVersionDeletion("s"));

        assertThat(state.latest("s").version()).isEqualTo(1);
    }

    @Test
    void givenDeletedVersion_whenSameSchemaRegisteredAgain_thenNewVersionWithSameId() {
        register("s", V1);
        state.apply(state.planVersionDeletion("s", 1));

        Registration r = state.planRegistration("s", V1);

        assertThat(r).isEqualTo(new Registration.NewVersion(new SchemaRegistered("s", 2, 1, V1.toString())));
    }

    @Test
    void givenLookup_whenSubjectOrSchemaUnknown_then40401Or40403() {
        register("s", V1);

        assertThat(state.lookup("s", V1, false)).isEqualTo(new RegisteredSchema("s", 1, 1, V1));
        assertThatThrownBy(() -> state.lookup("nope", V1, false)).hasFieldOrPropertyWithValue("errorCode", 40401);
        assertThatThrownBy(() -> state.lookup("s", ONLY_B, false)).hasFieldOrPropertyWithValue("errorCode", 40403);
        assertThatThrownBy(() -> state.version("s", 7, false)).hasFieldOrPropertyWithValue("errorCode", 40402);
        assertThatThrownBy(() -> state.schemaById(99)).hasFieldOrPropertyWithValue("errorCode", 40403);
    }

    @Test
    void givenTwoRecordsForOneVersion_whenFolded_thenFirstWins() {
        state.apply(new SchemaRegistered("s", 1, 1, V1.toString()));

        boolean applied = state.apply(new SchemaRegistered("s", 1, 2, ONLY_B.toString()));

        assertThat(applied).isFalse();
        assertThat(state.version("s", 1, false).schema()).isEqualTo(V1);
        assertThat(state.holds(new SchemaRegistered("s", 1, 1, V1.toString()))).isTrue();
        assertThat(state.holds(new SchemaRegistered("s", 1, 2, ONLY_B.toString()))).isFalse();
    }

    @Test
    void givenIdTakenByAnotherSchema_whenFolded_thenRecordIgnored() {
        state.apply(new SchemaRegistered("a", 1, 1, V1.toString()));

        assertThat(state.apply(new SchemaRegistered("b", 1, 1, ONLY_B.toString()))).isFalse();
        assertThatThrownBy(() -> state.versions("b", false)).hasFieldOrPropertyWithValue("errorCode", 40401);
    }

    @Test
    void givenSchemaWithId_whenFoldedUnderAnotherId_thenRecordIgnored() {
        state.apply(new SchemaRegistered("a", 1, 1, V1.toString()));

        assertThat(state.apply(new SchemaRegistered("b", 1, 2, V1.toString()))).isFalse();
        assertThat(state.planRegistration("c", ONLY_B))
                .isEqualTo(new Registration.NewVersion(new SchemaRegistered("c", 1, 2, ONLY_B.toString())));
    }

    @Test
    void givenRepeatedOrMalformedRecords_whenFolded_thenNothingChanges() {
        SchemaRegistered r = new SchemaRegistered("a", 1, 1, V1.toString());
        state.apply(r);

        assertThat(state.apply(r)).isFalse();
        assertThat(state.apply(new SchemaRegistered("b", 1, 5, "not a schema"))).isFalse();
        assertThat(state.apply(new SchemaRegistered("b", 0, 5, V1.toString()))).isFalse();
        assertThat(state.apply(new VersionDeleted("nope", 1))).isFalse();
        assertThat(state.subjects(true)).containsExactly("a");
    }

    @Test
    void givenSameLog_whenFoldedByTwoStates_thenTheyAgree() {
        List<RegistryRecord> log = List.of(
                new SchemaRegistered("s", 1, 1, V1.toString()),
                new SchemaRegistered("s", 1, 2, ONLY_B.toString()),
                new SchemaRegistered("t", 1, 1, ONLY_B.toString()),
                new SchemaRegistered("t", 1, 2, ONLY_B.toString()),
                new CompatibilityChanged("s", CompatibilityLevel.FULL),
                new VersionDeleted("s", 1));
        RegistryState one = new RegistryState();
        RegistryState two = new RegistryState();

        log.forEach(one::apply);
        log.forEach(two::apply);

        for (RegistryState s : List.of(one, two)) {
            assertThat(s.subjects(true)).containsExactly("s", "t");
            assertThat(s.version("s", 1, true).id()).isEqualTo(1);
            assertThat(s.version("t", 1, false).id()).isEqualTo(2);
            assertThat(s.compatibility("s")).isEqualTo(CompatibilityLevel.FULL);
            assertThat(s.subjects(false)).containsExactly("t");
        }
    }
}
