package io.ledgerline.mapping;

import io.ledgerline.account.DeclineReason;
import io.ledgerline.outcome.OutcomeCode;

/** The Avro enums and the domain enums share their symbols; a symbol one side lacks reads as UNKNOWN. */
final class Enums {

    private Enums() {
    }

    static DeclineReason fromAvro(io.ledgerline.avro.common.DeclineReason reason) {
        return convert(reason, DeclineReason.class, DeclineReason.UNKNOWN);
    }

    static io.ledgerline.avro.common.DeclineReason toAvro(DeclineReason reason) {
        return convert(reason, io.ledgerline.avro.common.DeclineReason.class,
                io.ledgerline.avro.common.DeclineReason.UNKNOWN);
    }

    static OutcomeCode fromAvro(io.ledgerline.avro.common.OutcomeCode code) {
        return convert(code, OutcomeCode.class, OutcomeCode.UNKNOWN);
    }

    static io.ledgerline.avro.common.OutcomeCode toAvro(OutcomeCode code) {
        return convert(code, io.ledgerline.avro.common.OutcomeCode.class, io.ledgerline.avro.common.OutcomeCode.UNKNOWN);
    }

    private static <T extends Enum<T>> T convert(Enum<?> from, Class<T> to, T unknown) {
        for (T candidate : to.getEnumConstants()) {
            if (candidate.name().equals(from.name())) {
                return candidate;
            }
        }
        return unknown;
    }
}
