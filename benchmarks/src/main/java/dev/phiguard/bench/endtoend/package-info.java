/**
 * Drivers of the end-to-end benchmark {@code scripts/bench} (docs/benchmarks.md), which compares phiguard with a
 * direct connection and PgBouncer in one run on one machine. pgbench and psql do most of the measuring; these
 * classes do what they cannot: {@link dev.phiguard.bench.endtoend.BenchTarget} starts the one PostgreSQL server that
 * every column of the table uses, {@link dev.phiguard.bench.endtoend.LargeResultReader} streams a large result
 * through pgjdbc, {@link dev.phiguard.bench.endtoend.LeaseChurn} times complete lease cycles against the broker API
 * and the proxy, and {@link dev.phiguard.bench.endtoend.ManySessions} measures the proxy's heap per idle and per
 * active session (over several leases' credentials). They run with {@code java -cp cli/target/phiguard.jar:benchmarks/target/phiguard-benchmarks-*.jar}
 * (the cli jar brings the embedded PostgreSQL and pgjdbc). Credentials come from the environment (PGHOST, PGPORT,
 * PGUSER, PGPASSWORD, PGDATABASE; PHIGUARD_URL and PHIGUARD_TOKEN for the broker) or from 0600 files
 * ({@link dev.phiguard.bench.endtoend.EnvFile}), never through process arguments.
 */
package dev.phiguard.bench.endtoend;
