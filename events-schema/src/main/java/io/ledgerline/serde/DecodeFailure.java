package io.ledgerline.serde;

/**
 * Thrown by {@link BoundedBinaryDecoder} from inside Avro's readers; {@link AvroDeserializer} turns it into a
 * {@link WireFormatException} with the topic. No stack trace: it describes the input, not the code.
 */
final class DecodeFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final WireFormatException.Reason reason;

    DecodeFailure(WireFormatException.Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    WireFormatException.Reason reason() {
        return reason;
    }
}
