package io.ledgerline.devkit.registry;

import static io.ledgerline.devkit.registry.RegistryHttp.encode;
import static io.ledgerline.devkit.registry.RegistryHttp.schema;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.devkit.kafka.SharedEmbeddedKafka;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A registry started again on the same topic reads back its ids, versions, deletes and configuration. */
class EmbeddedSchemaRegistryRestartTest {

    private static final String X = schema("{\"name\":\"x\",\"type\":\"string\"}");
    private static final String Y = schema("{\"name\":\"y\",\"type\":\"string\"}");
    private static final String Z = schema("{\"name\":\"z\",\"type\":\"string\"}");

    @Test
    void givenRegisteredSchemas_whenRegistryRestarted_thenIdsVersionsDeletesAndConfigKept() {
        EmbeddedSchemaRegistryConfig config = EmbeddedSchemaRegistryConfig
                .defaults(SharedEmbeddedKafka.bootstrapServers())
                .withTopic("_schemas-restart-" + UUID.randomUUID())
                .withPort(0);
        int idX;
        int idY;
        try (EmbeddedSchemaRegistry first = new EmbeddedSchemaRegistry(config).start()) {
            RegistryHttp http = new RegistryHttp(first.url());
            idX = http.register("s", X);
            http.put("/config/s", "{\"compatibility\":\"NONE\"}");
            idY = http.register("s", Y);
            http.delete("/subjects/s/versions/1");
            http.put("/config", "{\"compatibility\":\"FULL\"}");
            first.close();
            assertThat(first.url()).isEqualTo("http://127.0.0.1:" + first.port());
        }

        try (EmbeddedSchemaRegistry second = new EmbeddedSchemaRegistry(config).start()) {
            RegistryHttp http = new RegistryHttp(second.url());

            assertThat(http.get("/schemas/ids/" + idX).json().path("schema").asText()).isEqualTo(X);
            assertThat(http.get("/schemas/ids/" + idY).json().path("schema").asText()).isEqualTo(Y);
            assertThat(http.get("/subjects/s/versions").json().toString()).isEqualTo("[2]");
            assertThat(http.get("/subjects/s/versions?deleted=true").json().toString()).isEqualTo("[1,2]");
            assertThat(http.get("/config/s").json().path("compatibilityLevel").asText()).isEqualTo("NONE");
            assertThat(http.get("/config").json().path("compatibilityLevel").asText()).isEqualTo("FULL");
            assertThat(http.register("s", Y)).isEqualTo(idY);
            assertThat(http.register("other-" + encode(UUID.randomUUID().toString()), X)).isEqualTo(idX);
            assertThat(http.register("s", Z)).isGreaterThan(Math.max(idX, idY));
        }
    }
}
