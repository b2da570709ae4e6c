package io.ledgerline.command.processing;

import io.ledgerline.serde.WireFormatException;
import org.apache.kafka.common.KafkaException;

/**
 * Tells a failure of the moment from a failure of the record. Kafka's own exceptions (a broker, a transaction, a
 * schema registry that cannot be reached: the serdes report that as a plain
 * {@link org.apache.kafka.common.errors.SerializationException}) are the moment's: the task fails, its transaction
 * is aborted and the record is read again. Bytes that are not a command ({@link WireFormatException}, though a
 * serialization exception too) and anything else thrown while handling a record follows the record wherever
 * it is retried, so the record is dead-lettered rather than allowed to stop its partition.
 */
final class Failures {

    private Failures() {
    }

    static boolean isTransient(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof PoisonRecordException || cause instanceof WireFormatException) {
                return false;
            }
            if (cause instanceof KafkaException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
