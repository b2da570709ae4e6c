package io.ledgerline.query.statement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementKeysTest {

    @Test
    void givenSequences_whenKeyed_thenAccountNulAndNineteenZeroPaddedDigits() {
        for (long seq : new long[] {-3, 0, 1, 42, 1_000_000_007L, Long.MAX_VALUE}) {
            assertThat(StatementKeys.of("acc-1", seq)).isEqualTo("acc-1\u0000" + String.format("%019d", seq));
        }
    }
}
