/**
 * Where the broker's state lives: {@link dev.phiguard.broker.store.LeaseStore} and its JDBC implementation
 * {@link dev.phiguard.broker.store.JdbcLeaseStore}, an embedded H2 database in the data directory by default or a
 * PostgreSQL database that several nodes share. The schema is versioned by Flyway migrations in
 * {@code db/migration}. Writes use optimistic concurrency on {@link dev.phiguard.broker.lease.Lease#version()}; a
 * lost race is a {@link dev.phiguard.broker.store.StaleLeaseException} that changed nothing. The credential's SCRAM
 * verifier is stored beside its lease, never on it, and never appears in a message.
 */
package dev.phiguard.broker.store;
