package io.ledgerline.query.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ControlCodecTest {

    @Test
    void givenEachRecord_whenEncodedAndDecoded_thenUnchanged() {
        List<ControlRecord> records = List.of(new ControlRecord.Run("v2"), new ControlRecord.Drop("v1"),
                new ControlRecord.Serve(ReadModel.STATEMENT, "v2"));

        for (ControlRecord record : records) {
            assertThat(ControlCodec.decode(ControlCodec.key(record), ControlCodec.value(record))).isEqualTo(record);
        }
    }

    @Test
    void givenRecords_thenKeysAreOnePerVersionAndOnePerReadModel() {
        assertThat(ControlCodec.key(new ControlRecord.Run("v2"))).isEqualTo("version/v2");
        assertThat(ControlCodec.key(new ControlRecord.Drop("v2"))).isEqualTo("version/v2");
        assertThat(ControlCodec.value(new ControlRecord.Drop("v2"))).isEqualTo("drop");
        assertThat(ControlCodec.key(new ControlRecord.Serve(ReadModel.TOTALS, "v3"))).isEqualTo("serve/totals");
        assertThat(ControlCodec.value(new ControlRecord.Serve(ReadModel.TOTALS, "v3"))).isEqualTo("v3");
    }

    @Test
    void givenUnknownKeyStateOrReadModel_whenDecoded_thenRejectedNamingIt() {
        assertThatThrownBy(() -> ControlCodec.decode("route/account", "v2")).hasMessageContaining("route/account");
        assertThatThrownBy(() -> ControlCodec.decode("version/v2", "paused")).hasMessageContaining("paused");
        assertThatThrownBy(() -> ControlCodec.decode("serve/ledger", "v2")).hasMessageContaining("unknown read model "
                + "ledger; known: account, statement, activity, portfolio, transfer, totals");
        assertThatThrownBy(() -> ControlCodec.decode("version/v2", null)).hasMessageContaining("needs a key and a value");
    }

    @Test
    void givenVersionWithDash_thenRejected() {
        assertThatThrownBy(() -> new ControlRecord.Run("v-2")).hasMessageContaining("invalid projection version 'v-2'");
        assertThatThrownBy(() -> ControlCodec.decode("serve/account", "")).hasMessageContaining("invalid");
    }
}
