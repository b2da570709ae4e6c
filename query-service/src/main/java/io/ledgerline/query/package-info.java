/**
 * The query side: Kafka Streams projections of {@code ledger.events} into read models served over REST. Built by
 * the query-side issue on top of {@code events-schema}.
 */
package io.ledgerline.query;
