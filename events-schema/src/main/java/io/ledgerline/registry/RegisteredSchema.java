package io.ledgerline.registry;

import org.apache.avro.Schema;

/** A schema as a registry holds it: under a subject, at a version, with a global id. */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
}
