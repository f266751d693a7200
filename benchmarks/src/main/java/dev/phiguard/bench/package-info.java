/**
 * JMH micro-benchmarks of phiguard's data path: the wire codec ({@link dev.phiguard.bench.CodecBenchmark}), the
 * masking of result rows ({@link dev.phiguard.bench.RowMaskingBenchmark}) and the SQL analysis and decisions
 * ({@link dev.phiguard.bench.SqlAnalysisBenchmark}). Run them with {@code scripts/jmh}; see
 * {@code docs/benchmarks.md}. Every benchmark works on synthetic patients from
 * {@link dev.phiguard.sampledata.SyntheticPatients}, encoded as the server sends them (DataRow, text format).
 */
package dev.phiguard.bench;
