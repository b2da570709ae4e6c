/**
 * The command side: REST and Kafka command intake, the command processor topology over the account and transfer
 * aggregates, and the transfer saga. Built by the command-side and saga issues on top of {@code events-schema}.
 */
package io.ledgerline.command;
