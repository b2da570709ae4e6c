package io.ledgerline.mapping;

/**
 * An Avro record decoded fine but is not a message this side accepts (e.g. an event written to the commands
 * topic). Processors dead-letter the record with this reason.
 */
public class UnmappableRecordException extends RuntimeException {

    public UnmappableRecordException(String message) {
        super(message);
    }
}
