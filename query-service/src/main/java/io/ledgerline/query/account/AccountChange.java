package io.ledgerline.query.account;

import io.ledgerline.message.EventEnvelope;

/**
 * An account event the account projection applied, with the view before and after it: what the re-keyed projections
 * (portfolio, ledger totals, transfer view) derive their inputs from.
 *
 * @param before null for the event that opened the account
 */
public record AccountChange(EventEnvelope event, AccountView before, AccountView after) {
}
