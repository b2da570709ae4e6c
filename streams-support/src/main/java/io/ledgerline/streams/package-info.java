/**
 * What every Ledgerline Kafka Streams application (command processor, saga, projections) shares: exactly-once
 * settings ({@link io.ledgerline.streams.StreamsDefaults}), the dead-lettering exception handlers and the shape of a
 * dead letter ({@link io.ledgerline.streams.DeadLetters}), the rule that tells a failure of the moment from a failure
 * of the record ({@link io.ledgerline.streams.Failures}), and the stream-thread replacement policy.
 */
package io.ledgerline.streams;
