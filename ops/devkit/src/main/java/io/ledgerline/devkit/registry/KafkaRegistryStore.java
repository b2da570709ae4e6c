package io.ledgerline.devkit.registry;

import io.ledgerline.registry.CompatibilityLevel;
import io.ledgerline.registry.RegistryErrors;
import io.ledgerline.registry.RegistryRecord;
import io.ledgerline.registry.RegistryRecord.CompatibilityChanged;
import io.ledgerline.registry.RegistryRecord.SchemaRegistered;
import io.ledgerline.registry.RegistryRecord.VersionDeleted;
import io.ledgerline.registry.RegistryState;
import io.ledgerline.registry.RegistryState.Registration;
import io.ledgerline.registry.SchemaRegistryException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's reads and writes over its {@link SchemaLog}; every instance on the cluster folds the same log, so
 * all reach the same state, and a restart reads it back. See ADR 0002.
 *
 * <p>Writes are optimistic: under this instance's write lock, read the log to its end, decide the record from the
 * state, produce it, read the log up to it, and check that it won; a registration that lost to another instance's
 * is decided again with fresh numbers, at most {@code maxWriteAttempts} times.
 *
 * <p>Consistency for callers: a write returns once this instance's state holds it. Reads answer from the local
 * state; a read that would answer "not found" first reads the log to its end and asks again, so a record written
 * through another instance before the request is seen.
 */
final class KafkaRegistryStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaRegistryStore.class);

    private final EmbeddedSchemaRegistryConfig config;
    private final SchemaLog schemaLog;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    KafkaRegistryStore(EmbeddedSchemaRegistryConfig config) {
        this.config = config;
        this.schemaLog = new SchemaLog(config);
    }

    /** Creates the topic if missing, starts tailing it and returns once the state holds the whole log. */
    void start() {
        schemaLog.start();
    }

    // ---- reads -----------------------------------------------------------------------------------------------

    /** Answers from the state; a "not found" answer is only given after reading the log to its end. */
    <T> T read(Function<RegistryState, T> query) {
        try {
            return readNow(query);
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() != 404) {
                throw e;
            }
            schemaLog.catchUp(deadline());
            return readNow(query);
        }
    }

    private <T> T readNow(Function<RegistryState, T> query) {
        return schemaLog.query(query);
    }

    // ---- writes ----------------------------------------------------------------------------------------------

    int register(String subject, Schema schema) {
        long deadline = deadline();
        lockForWrite(deadline);
        try {
            for (int attempt = 1; attempt <= config.maxWriteAttempts(); attempt++) {
                schemaLog.catchUp(deadline);
                Registration plan = readNow(s -> s.planRegistration(subject, schema));
                if (plan instanceof Registration.Existing existing) {
                    return existing.id();
                }
                SchemaRegistered record = ((Registration.NewVersion) plan).record();
                schemaLog.awaitApplied(schemaLog.append(record, deadline), deadline);
                if (readNow(s -> s.holds(record))) {
                    return record.id();
                }
                log.info("Registration of subject {} as version {} with id {} lost to another registry instance; "
                        + "deciding again (attempt {})", subject, record.version(), record.id(), attempt);
            }
            throw new SchemaRegistryException(500, SchemaRegistryException.INTERNAL_ERROR,
                    "Could not register a schema under subject '" + subject + "': other registry instances won "
                            + config.maxWriteAttempts() + " races in a row");
        } finally {
            writeLock.unlock();
        }
    }

    List<Integer> deleteSubject(String subject) {
        List<VersionDeleted> deletes = write(s -> s.planSubjectDeletion(subject));
        return deletes.stream().map(VersionDeleted::version).toList();
    }

    /** Soft-deletes one version, or the latest live one when {@code version} is empty. */
    int deleteVersion(String subject, Optional<Integer> version) {
        VersionDeleted delete = write(s -> List.of(version.isPresent()
                ? s.planVersionDeletion(subject, version.get())
                : s.planLatestVersionDeletion(subject))).get(0);
        return delete.version();
    }

    void setCompatibility(String subject, CompatibilityLevel level) {
        write(s -> List.of(new CompatibilityChanged(subject, level)));
    }

    /** Removes a subject's own level and returns it; 40408 when it has none. */
    CompatibilityLevel clearCompatibility(String subject) {
        CompatibilityLevel[] previous = new CompatibilityLevel[1];
        write(s -> {
            previous[0] = s.subjectCompatibility(subject)
                    .orElseThrow(() -> RegistryErrors.subjectCompatibilityNotConfigured(subject));
            return List.of(new CompatibilityChanged(subject, null));
        });
        return previous[0];
    }

    /** Records that cannot lose a race (deletes, configuration): decide, append, read back. */
    private <R extends RegistryRecord> List<R> write(Function<RegistryState, List<R>> decide) {
        long deadline = deadline();
        lockForWrite(deadline);
        try {
            schemaLog.catchUp(deadline);
            List<R> records = readNow(decide);
            long last = -1;
            for (R record : records) {
                last = schemaLog.append(record, deadline);
            }
            schemaLog.awaitApplied(last, deadline);
            return records;
        } finally {
            writeLock.unlock();
        }
    }

    private void lockForWrite(long deadline) {
        try {
            if (!writeLock.tryLock(SchemaLog.remainingMs(deadline), TimeUnit.MILLISECONDS)) {
                throw schemaLog.timeout("waiting for this instance's earlier writes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SchemaLog.storeError("Interrupted while waiting to write", e);
        }
    }

    private long deadline() {
        return System.nanoTime() + config.operationTimeout().toNanos();
    }

    @Override
    public void close() {
        schemaLog.close();
    }
}
