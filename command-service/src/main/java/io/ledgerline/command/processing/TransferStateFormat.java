package io.ledgerline.command.processing;

import io.ledgerline.account.DeclineReason;
import io.ledgerline.transfer.TransferState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * {@link TransferState} in a state store: a tag byte per variant, then its fields in declaration order. The decline
 * reason is stored by name, so reordering the enum cannot change what a stored state means.
 */
final class TransferStateFormat implements StateFormat<TransferState> {

    private static final byte NOT_REQUESTED = 0;
    private static final byte REQUESTED = 1;
    private static final byte COMPLETED = 2;
    private static final byte FAILED = 3;

    @Override
    public void write(TransferState state, DataOutput out) throws IOException {
        if (state instanceof TransferState.NotRequested) {
            out.writeByte(NOT_REQUESTED);
        } else if (state instanceof TransferState.Requested requested) {
            out.writeByte(REQUESTED);
            out.writeUTF(requested.fromAccountId());
            out.writeUTF(requested.toAccountId());
            out.writeLong(requested.amount());
            out.writeUTF(requested.currency());
        } else if (state instanceof TransferState.Completed) {
            out.writeByte(COMPLETED);
        } else if (state instanceof TransferState.Failed failed) {
            out.writeByte(FAILED);
            out.writeUTF(failed.reason().name());
            out.writeBoolean(failed.compensated());
        } else {
            throw new IllegalArgumentException("no format for transfer state " + state);
        }
    }

    @Override
    public TransferState read(DataInput in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case NOT_REQUESTED:
                return TransferState.notRequested();
            case REQUESTED:
                return new TransferState.Requested(in.readUTF(), in.readUTF(), in.readLong(), in.readUTF());
            case COMPLETED:
                return new TransferState.Completed();
            case FAILED:
                return new TransferState.Failed(reason(in.readUTF()), in.readBoolean());
            default:
                throw new IOException("unknown transfer state tag " + tag);
        }
    }

    private static DeclineReason reason(String name) {
        try {
            return DeclineReason.valueOf(name);
        } catch (IllegalArgumentException e) {
            return DeclineReason.UNKNOWN;
        }
    }
}
