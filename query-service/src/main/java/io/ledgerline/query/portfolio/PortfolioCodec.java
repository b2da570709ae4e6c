package io.ledgerline.query.portfolio;

import io.ledgerline.query.account.AccountStatus;
import io.ledgerline.query.projection.BinaryCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@link Portfolio} in format 1. */
public final class PortfolioCodec implements BinaryCodec<Portfolio> {

    @Override
    public byte format() {
        return 1;
    }

    @Override
    public void write(Portfolio portfolio, DataOutput out) throws IOException {
        out.writeUTF(portfolio.customerId());
        out.writeInt(portfolio.accounts().size());
        for (Portfolio.Holding holding : portfolio.accounts()) {
            out.writeUTF(holding.accountId());
            out.writeUTF(holding.currency());
            out.writeLong(holding.balance());
            out.writeByte(holding.status().ordinal());
            out.writeLong(holding.version());
        }
    }

    @Override
    public Portfolio read(DataInput in) throws IOException {
        String customerId = in.readUTF();
        int size = in.readInt();
        if (size < 0) {
            throw new IOException("negative account count " + size);
        }
        List<Portfolio.Holding> holdings = new ArrayList<>(Math.min(size, 1024));
        for (int i = 0; i < size; i++) {
            holdings.add(new Portfolio.Holding(in.readUTF(), in.readUTF(), in.readLong(),
                    AccountStatus.values()[in.readByte()], in.readLong()));
        }
        return new Portfolio(customerId, holdings);
    }
}
