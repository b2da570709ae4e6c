/**
 * The pure core every aggregate shares: a {@link io.ledgerline.command.domain.Decider} (decide and evolve), the
 * {@link io.ledgerline.command.domain.Decision} it returns, and {@link io.ledgerline.command.domain.CommandHandler},
 * the one entry point the command processor calls for each command.
 *
 * <p>Nothing here performs I/O, reads a clock or draws a random number: time and ids arrive with the command.
 * An architecture test keeps Kafka, Spring and Avro out of this package and out of the feature packages.
 */
package io.ledgerline.command.domain;
