package io.ledgerline.registry;

import static io.ledgerline.registry.Schemas.V1;
import static io.ledgerline.registry.Schemas.V2_WITH_DEFAULT;
import static io.ledgerline.registry.Schemas.V2_WITHOUT_DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @AfterEach
    void dropScopes() {
        InMemorySchemaRegistry.dropScope("scope-a");
        InMemorySchemaRegistry.dropScope("scope-b");
    }

    @Test
    void givenSchema_whenRegisteredTwice_thenSameIdAndOneVersion() {
        int first = registry.register("s", V1);
        int second = registry.register("s", V1);

        assertThat(second).isEqualTo(first);
        assertThat(registry.versions("s")).containsExactly(1);
        assertThat(registry.schemaById(first)).isEqualTo(V1);
        assertThat(registry.latest("s")).isEqualTo(new RegisteredSchema("s", first, 1, V1));
        assertThat(registry.version("s", 1)).isEqualTo(new RegisteredSchema("s", first, 1, V1));
        assertThat(registry.subjects()).containsExactly("s");
    }

    @Test
    void givenIncompatibleSchema_whenRegistered_thenRefusedWith409() {
        registry.register("s", V1);

        assertThat(registry.testCompatibility("s", V2_WITHOUT_DEFAULT).compatible()).isFalse();
        assertThatThrownBy(() -> registry.register("s", V2_WITHOUT_DEFAULT))
                .hasFieldOrPropertyWithValue("httpStatus", 409);
        assertThat(registry.testCompatibility("s", V2_WITH_DEFAULT)).isEqualTo(CompatibilityResult.ok());
    }

    @Test
    void givenLookup_whenAbsent_thenEmpty() {
        registry.register("s", V1);

        assertThat(registry.lookup("s", V1)).contains(new RegisteredSchema("s", 1, 1, V1));
        assertThat(registry.lookup("s", V2_WITH_DEFAULT)).isEmpty();
        assertThat(registry.lookup("nope", V1)).isEmpty();
    }

    @Test
    void givenCompatibilitySet_whenRead_thenSubjectFallsBackToGlobal() {
        registry.setCompatibility(null, CompatibilityLevel.FULL);
        registry.setCompatibility("s", CompatibilityLevel.NONE);

        assertThat(registry.compatibility(null)).isEqualTo(CompatibilityLevel.FULL);
        assertThat(registry.compatibility("s")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.compatibility("t")).isEqualTo(CompatibilityLevel.FULL);
        assertThatThrownBy(() -> registry.setCompatibility("s", null))
                .hasFieldOrPropertyWithValue("errorCode", 42203);
    }

    @Test
    void givenDeletes_whenApplied_thenVersionsHidden() {
        registry.register("s", V1);
        registry.register("s", V2_WITH_DEFAULT);

        assertThat(registry.deleteVersion("s", 2)).isEqualTo(2);
        assertThat(registry.versions("s")).containsExactly(1);
        assertThat(registry.deleteSubject("s")).containsExactly(1);
        assertThat(registry.subjects()).isEmpty();
        assertThatThrownBy(() -> registry.latest("s")).hasFieldOrPropertyWithValue("errorCode", 40401);
    }

    @Test
    void givenScope_whenAskedTwice_thenSameInstanceUntilDropped() {
        InMemorySchemaRegistry a = InMemorySchemaRegistry.forScope("scope-a");
        a.register("s", V1);

        assertThat(InMemorySchemaRegistry.forUrl("mock://scope-a")).isSameAs(a);
        assertThat(InMemorySchemaRegistry.forScope("scope-b").subjects()).isEmpty();

        InMemorySchemaRegistry.dropScope("scope-a");

        assertThat(InMemorySchemaRegistry.forScope("scope-a").subjects()).isEmpty();
        assertThat(InMemorySchemaRegistry.isMockUrl("http://localhost:8081")).isFalse();
        assertThatThrownBy(() -> InMemorySchemaRegistry.forUrl("http://x")).isInstanceOf(IllegalArgumentException.class);
    }
}
