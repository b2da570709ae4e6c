package io.ledgerline.streams;

import io.ledgerline.serde.WireFormatException;
import org.apache.kafka.common.KafkaException;

/**
 * Tells a failure of the moment from a failure of the record. Kafka's own exceptions (a broker, a transaction, a
 * schema registry that cannot be reached: the serdes report that as a plain
 * {@link org.apache.kafka.common.errors.SerializationException}) are the moment's: the task fails, its transaction
 * is aborted and the record is read again. Bytes that are not a record of ours ({@link WireFormatException}, though a
 * serialization exception too), stored state that cannot be read ({@link StateCodecException}) and anything else
 * thrown while handling a record follow the record wherever it is retried, so the record is dead-lettered rather
 * than allowed to stop its partition.
 */
public final class Failures {

    private Failures() {
    }

    public static boolean isTransient(Throwable error) {
        // Streams may wrap a record's own failure in one of its exceptions: look for that first.
        for (Throwable cause = error; cause != null; cause = next(cause)) {
            if (cause instanceof PoisonRecordException || cause instanceof WireFormatException
                    || cause instanceof StateCodecException) {
                return false;
            }
        }
        for (Throwable cause = error; cause != null; cause = next(cause)) {
            if (cause instanceof KafkaException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable error) {
        return error.getCause() == error ? null : error.getCause();
    }
}
