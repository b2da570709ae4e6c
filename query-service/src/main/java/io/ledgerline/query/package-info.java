/**
 * The query side: Kafka Streams projections of {@code ledger.events} into read models ({@code projection} and one
 * package per read model) served over REST ({@code http}), the Spring Boot application and its settings. ADR 0011.
 */
package io.ledgerline.query;
