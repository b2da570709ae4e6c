package io.ledgerline.serde;

import io.ledgerline.avro.event.MoneyDeposited;
import io.ledgerline.avro.event.MoneyWithdrawn;
import java.time.Instant;

/** Typical events, built the same way in every serde test. */
final class Events {

    static final String TOPIC = "ledger.events";

    private Events() {
    }

    static MoneyDeposited deposited() {
        return MoneyDeposited.newBuilder()
                .setEventId("cmd-1:0")
                .setVersion(3)
                .setOccurredAt(Instant.ofEpochMilli(1_764_000_000_000L))
                .setCommandId("cmd-1")
                .setAccountId("acc-7")
                .setAmount(12_50)
                .setCurrency("EUR")
                .setReference("rent")
                .build();
    }

    static MoneyWithdrawn withdrawn() {
        return MoneyWithdrawn.newBuilder()
                .setEventId("cmd-2:0")
                .setVersion(4)
                .setOccurredAt(Instant.ofEpochMilli(1_764_000_060_000L))
                .setCommandId("cmd-2")
                .setAccountId("acc-7")
                .setAmount(5_00)
                .setCurrency("EUR")
                .setReference(null)
                .build();
    }
}
