package io.ledgerline.query.transfer;

import io.ledgerline.query.projection.BinaryCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link TransferView} in format 1. */
public final class TransferViewCodec implements BinaryCodec<TransferView> {

    @Override
    public byte format() {
        return 1;
    }

    @Override
    public void write(TransferView view, DataOutput out) throws IOException {
        out.writeUTF(view.transferId());
        BinaryCodec.writeNullable(out, view.fromAccountId());
        BinaryCodec.writeNullable(out, view.toAccountId());
        out.writeLong(view.amount());
        BinaryCodec.writeNullable(out, view.currency());
        BinaryCodec.writeNullable(out, view.reference());
        out.writeByte(view.status().ordinal());
        out.writeBoolean(view.compensated());
        BinaryCodec.writeNullable(out, view.failureReason());
        out.writeLong(view.version());
        out.writeInt(view.steps().size());
        for (TransferStep step : view.steps()) {
            out.writeByte(step.name().ordinal());
            out.writeLong(step.at().getEpochSecond());
            out.writeInt(step.at().getNano());
            out.writeByte(step.outcome().ordinal());
            BinaryCodec.writeNullable(out, step.reason());
            out.writeUTF(step.eventId());
        }
    }

    @Override
    public TransferView read(DataInput in) throws IOException {
        String transferId = in.readUTF();
        String from = BinaryCodec.readNullable(in);
        String to = BinaryCodec.readNullable(in);
        long amount = in.readLong();
        String currency = BinaryCodec.readNullable(in);
        String reference = BinaryCodec.readNullable(in);
        TransferView.Status status = TransferView.Status.values()[in.readByte()];
        boolean compensated = in.readBoolean();
        String failureReason = BinaryCodec.readNullable(in);
        long version = in.readLong();
        int size = in.readInt();
        if (size < 0) {
            throw new IOException("negative step count " + size);
        }
        List<TransferStep> steps = new ArrayList<>(Math.min(size, 64));
        for (int i = 0; i < size; i++) {
            steps.add(new TransferStep(TransferStep.Name.values()[in.readByte()],
                    Instant.ofEpochSecond(in.readLong(), in.readInt()), TransferStep.Outcome.values()[in.readByte()],
                    BinaryCodec.readNullable(in), in.readUTF()));
        }
        return new TransferView(transferId, from, to, amount, currency, reference, status, compensated,
                failureReason, version, steps);
    }
}
