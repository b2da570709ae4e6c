package io.ledgerline.command.saga;

import io.ledgerline.account.DeclineReason;
import io.ledgerline.saga.Outstanding;
import io.ledgerline.saga.Progress;
import io.ledgerline.saga.SagaState;
import io.ledgerline.saga.Step;
import io.ledgerline.saga.StepOutcome;
import io.ledgerline.saga.TransferTerms;
import io.ledgerline.streams.StateCodecException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A {@link StoredSaga} as the value of its key in the saga store and its changelog ({@link SagaKeys#saga}; the store
 * holds bytes, decoded here for saga keys only): a format byte (2), the correlation id, the expiry (a
 * presence flag, then epoch millis), a tag per {@link SagaState} variant, then its fields. Format 1 (no expiry) is
 * still read, as a saga without expiry. Enums (steps, statuses, causes, decline reasons) are stored by name,
 * so reordering an enum cannot change what a stored state means; an unknown format byte, tag or name is refused with
 * {@link StateCodecException}, never guessed.
 */
final class SagaStateSerde {

    static final byte FORMAT_V1 = 1;
    static final byte FORMAT_V2 = 2;

    private static final byte NOT_STARTED = 0;
    private static final byte RUNNING = 1;
    private static final byte COMPLETED = 2;
    private static final byte FAILED = 3;
    private static final byte STUCK = 4;

    byte[] encode(StoredSaga stored) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_V2);
            out.writeUTF(stored.correlationId());
            out.writeBoolean(stored.expiresAt() != null);
            if (stored.expiresAt() != null) {
                out.writeLong(stored.expiresAt().toEpochMilli());
            }
            writeState(stored.state(), out);
        } catch (IOException e) {
            throw new StateCodecException("cannot encode saga state " + stored, e);
        }
        return bytes.toByteArray();
    }

    StoredSaga decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte formatByte = in.readByte();
            if (formatByte != FORMAT_V1 && formatByte != FORMAT_V2) {
                throw new StateCodecException("saga state in format " + formatByte + "; this release reads formats "
                        + FORMAT_V1 + " and " + FORMAT_V2);
            }
            String correlationId = in.readUTF();
            Instant expiresAt = formatByte == FORMAT_V2 && in.readBoolean() ? Instant.ofEpochMilli(in.readLong())
                    : null;
            SagaState state = readState(in);
            if (in.available() != 0) {
                throw new StateCodecException(in.available() + " byte(s) after a saga state");
            }
            return new StoredSaga(state, correlationId, expiresAt);
        } catch (IOException | IllegalArgumentException | NullPointerException | DateTimeException e) {
            throw new StateCodecException("cannot decode saga state of " + data.length + " bytes", e);
        }
    }

    private static void writeState(SagaState state, DataOutput out) throws IOException {
        if (state instanceof SagaState.NotStarted) {
            out.writeByte(NOT_STARTED);
        } else if (state instanceof SagaState.Running running) {
            out.writeByte(RUNNING);
            writeTerms(running.transfer(), out);
            Outstanding outstanding = running.outstanding();
            out.writeUTF(outstanding.step().name());
            out.writeInt(outstanding.attempt());
            writeInstant(outstanding.firstSentAt(), out);
            writeInstant(outstanding.deadline(), out);
        } else if (state instanceof SagaState.Completed completed) {
            out.writeByte(COMPLETED);
            writeTerms(completed.transfer(), out);
        } else if (state instanceof SagaState.Failed failed) {
            out.writeByte(FAILED);
            writeTerms(failed.transfer(), out);
        } else if (state instanceof SagaState.Stuck stuck) {
            out.writeByte(STUCK);
            writeTerms(stuck.transfer(), out);
            out.writeUTF(stuck.cause().name());
            out.writeUTF(stuck.step().name());
            out.writeInt(stuck.attempts());
            writeInstant(stuck.since(), out);
        } else {
            throw new IllegalArgumentException("no format for saga state " + state);
        }
        writeProgress(state.progress(), out);
    }

    private static SagaState readState(DataInput in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case NOT_STARTED:
                return new SagaState.NotStarted(readProgress(in));
            case RUNNING: {
                TransferTerms terms = readTerms(in);
                Outstanding outstanding = new Outstanding(Step.valueOf(in.readUTF()), in.readInt(),
                        readInstant(in), readInstant(in));
                return new SagaState.Running(terms, readProgress(in), outstanding);
            }
            case COMPLETED:
                return new SagaState.Completed(readTerms(in), readProgress(in));
            case FAILED:
                return new SagaState.Failed(readTerms(in), readProgress(in));
            case STUCK: {
                TransferTerms terms = readTerms(in);
                SagaState.StuckCause cause = SagaState.StuckCause.valueOf(in.readUTF());
                Step step = Step.valueOf(in.readUTF());
                int attempts = in.readInt();
                Instant since = readInstant(in);
                return new SagaState.Stuck(terms, readProgress(in), cause, step, attempts, since);
            }
            default:
                throw new IOException("unknown saga state tag " + tag);
        }
    }

    private static void writeTerms(TransferTerms terms, DataOutput out) throws IOException {
        out.writeUTF(terms.transferId());
        out.writeUTF(terms.fromAccountId());
        out.writeUTF(terms.toAccountId());
        out.writeLong(terms.amount());
        out.writeUTF(terms.currency());
    }

    private static TransferTerms readTerms(DataInput in) throws IOException {
        return new TransferTerms(in.readUTF(), in.readUTF(), in.readUTF(), in.readLong(), in.readUTF());
    }

    private static void writeProgress(Progress progress, DataOutput out) throws IOException {
        writeSteps(progress.sent(), out);
        writeSteps(progress.effects(), out);
        out.writeByte(progress.declines().size());
        for (Map.Entry<Step, StepOutcome.Declined> decline : progress.declines().entrySet()) {
            out.writeUTF(decline.getKey().name());
            out.writeUTF(decline.getValue().reason().name());
            writeNullable(decline.getValue().message(), out);
        }
        out.writeBoolean(progress.completed());
        out.writeBoolean(progress.failed());
        if (progress.failed()) {
            out.writeUTF(progress.failure().reason().name());
            writeNullable(progress.failure().message(), out);
            out.writeBoolean(progress.failure().compensated());
        }
    }

    private static Progress readProgress(DataInput in) throws IOException {
        Set<Step> sent = readSteps(in);
        Set<Step> effects = readSteps(in);
        int declineCount = in.readByte();
        Map<Step, StepOutcome.Declined> declines = new EnumMap<>(Step.class);
        for (int i = 0; i < declineCount; i++) {
            declines.put(Step.valueOf(in.readUTF()),
                    new StepOutcome.Declined(DeclineReason.valueOf(in.readUTF()), readNullable(in)));
        }
        boolean completed = in.readBoolean();
        Progress.Failure failure = in.readBoolean()
                ? new Progress.Failure(DeclineReason.valueOf(in.readUTF()), readNullable(in), in.readBoolean())
                : null;
        return new Progress(sent, effects, declines, completed, failure);
    }

    private static void writeSteps(Set<Step> steps, DataOutput out) throws IOException {
        out.writeByte(steps.size());
        for (Step step : steps) {
            out.writeUTF(step.name());
        }
    }

    private static Set<Step> readSteps(DataInput in) throws IOException {
        int count = in.readByte();
        Set<Step> steps = EnumSet.noneOf(Step.class);
        for (int i = 0; i < count; i++) {
            steps.add(Step.valueOf(in.readUTF()));
        }
        return steps;
    }

    private static void writeInstant(Instant instant, DataOutput out) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(DataInput in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void writeNullable(String text, DataOutput out) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
