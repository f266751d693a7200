/**
 * Deterministic synthetic patients and an embedded PostgreSQL 17 server that holds them.
 *
 * <ul>
 *   <li>{@link dev.phiguard.sampledata.SyntheticPatients} generates {@link dev.phiguard.sampledata.Patient}
 *       and {@link dev.phiguard.sampledata.Encounter} rows; each row is a pure function of (seed, id).</li>
 *   <li>{@link dev.phiguard.sampledata.SampleSchema} owns the DDL, {@link dev.phiguard.sampledata.SampleLoader}
 *       streams rows into PostgreSQL with {@code COPY ... FROM STDIN} without holding them in memory.</li>
 *   <li>{@link dev.phiguard.sampledata.EmbeddedTarget} starts a real server, loads the sample, and manages the
 *       application role {@code phiguard_app} that the proxy logs in with.</li>
 * </ul>
 */
package dev.phiguard.sampledata;
