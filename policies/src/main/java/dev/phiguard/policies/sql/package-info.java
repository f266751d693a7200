/**
 * SQL analysis into neutral facts: what one SQL string sent by a PostgreSQL client reads, writes,
 * calls and returns, and where every output column comes from.
 *
 * <p>{@link dev.phiguard.policies.sql.SqlAnalyzer} turns a SQL string into an
 * {@link dev.phiguard.policies.sql.Analysis}: either one {@link dev.phiguard.policies.sql.StatementFacts}
 * per statement, or {@link dev.phiguard.policies.sql.Analysis.Unanalysable} with a reason. The facts
 * decide nothing: a policy turns them into allow, deny or mask, and the proxy enforces. The analyser
 * fails closed: what it cannot parse makes the whole string unanalysable, and what it cannot resolve
 * is reported as {@link dev.phiguard.policies.sql.Lineage.Unknown} or in
 * {@link dev.phiguard.policies.sql.StatementFacts#unresolved()}, never as a guess that a column is safe.
 *
 * <p>The parser library (JSqlParser) is used only inside the {@code jsqlparser} sub-package; no type
 * of this package exposes it.
 */
package dev.phiguard.policies.sql;
