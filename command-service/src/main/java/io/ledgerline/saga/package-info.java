/**
 * The transfer saga as a pure decider: {@link io.ledgerline.saga.TransferSaga} answers one event from
 * {@code ledger.events} or one deadline tick with the saga's next {@link io.ledgerline.saga.SagaState} and the
 * commands to send. The Kafka Streams topology that stores the state, indexes the deadlines and writes the commands
 * calls it and nothing else; no Kafka, Spring, Avro, clock or randomness here (time comes in as an argument).
 * Decisions: docs/adr/0008-transfer-saga.md.
 */
package io.ledgerline.saga;
