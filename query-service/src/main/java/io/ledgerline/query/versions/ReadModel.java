package io.ledgerline.query.versions;

import io.ledgerline.query.account.AccountProjector;
import io.ledgerline.query.activity.ActivityProjector;
import io.ledgerline.query.portfolio.PortfolioProjector;
import io.ledgerline.query.statement.StatementProjector;
import io.ledgerline.query.totals.TotalsProjector;
import io.ledgerline.query.transfer.TransferProjector;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The read models a projection version serves, by the name operators use ({@code ledgerline projections switch
 * account v2}) and the store their reads go to. Reads are routed to a version per read model (ADR 0021).
 */
public enum ReadModel {
    ACCOUNT(AccountProjector.STORE),
    STATEMENT(StatementProjector.STORE),
    ACTIVITY(ActivityProjector.STORE),
    PORTFOLIO(PortfolioProjector.STORE),
    TRANSFER(TransferProjector.STORE),
    TOTALS(TotalsProjector.STORE);

    private final String store;

    ReadModel(String store) {
        this.store = store;
    }

    /** The name operators use: {@code account}, {@code statement}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String store() {
        return store;
    }

    /** The read model whose reads go to {@code store}. */
    public static ReadModel ofStore(String store) {
        for (ReadModel model : values()) {
            if (model.store.equals(store)) {
                return model;
            }
        }
        throw new IllegalArgumentException("no read model has the store " + store);
    }

    /** The read model named {@code id}; an unknown name is an error listing the known ones. */
    public static ReadModel parse(String id) {
        for (ReadModel model : values()) {
            if (model.id().equals(id)) {
                return model;
            }
        }
        throw new IllegalArgumentException("unknown read model " + id + "; known: " + Arrays.stream(values())
                .map(ReadModel::id).collect(Collectors.joining(", ")));
    }
}
