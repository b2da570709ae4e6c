package io.ledgerline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommonPoolTest {

    private final String before = System.getProperty(CommonPool.PARALLELISM);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(CommonPool.PARALLELISM);
        } else {
            System.setProperty(CommonPool.PARALLELISM, before);
        }
    }

    @Test
    void givenNoSetting_thenAtLeastTwoWorkers() {
        System.clearProperty(CommonPool.PARALLELISM);

        CommonPool.atLeastTwoWorkers();

        assertThat(Integer.parseInt(System.getProperty(CommonPool.PARALLELISM)))
                .isGreaterThanOrEqualTo(2)
                .isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void givenAnExplicitSetting_thenItWins() {
        System.setProperty(CommonPool.PARALLELISM, "1");

        CommonPool.atLeastTwoWorkers();

        assertThat(System.getProperty(CommonPool.PARALLELISM)).isEqualTo("1");
    }
}
