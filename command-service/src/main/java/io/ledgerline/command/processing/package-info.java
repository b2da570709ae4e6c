/**
 * The command processor: a Kafka Streams topology ({@link io.ledgerline.command.processing.CommandProcessorTopology})
 * that applies commands from {@code ledger.commands} to the account and transfer aggregates, exactly once, and
 * publishes events, outcomes and dead letters. Decisions and their reasons: docs/adr/0006-command-processor.md.
 *
 * <p>Consistency a caller gets: an outcome on {@code ledger.command-results} (read with {@code read_committed}) means
 * its events are in {@code ledger.events} and the aggregate's state is stored, all committed together; it becomes
 * visible at the processor's next commit, at most one commit interval (default 20 ms) after processing plus the
 * transaction's round trip. The outcome carries the aggregate's new version for read-your-writes on the query side.
 */
package io.ledgerline.command.processing;
