package dev.phiguard.policies.sql;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The neutral facts about one statement: what it is, what it reads, writes and calls, and where every
 * column it returns comes from. A policy decides on these facts; nothing here is a decision.
 *
 * <p>A statement that wraps another ({@code EXPLAIN}, {@code PREPARE}, {@code DECLARE ... CURSOR},
 * {@code COPY (query) TO}, {@code CREATE TABLE ... AS}, {@code SELECT ... INTO}) keeps the wrapped
 * statement's facts in {@link #inner()}, and its own {@code tablesRead}, {@code tablesWritten},
 * {@code readsWithoutWhere}, {@code functions}, {@code referenced} and {@code unresolved} include the
 * inner statement's, whether or not the inner statement runs now (so a policy that looks only at the
 * outer sets cannot be bypassed by wrapping).
 *
 * <p>Output columns are predicted from the SQL text and the catalog. The enforcing side must check
 * that the RowDescription the server sends has as many columns, with the same names: a mismatch
 * means the prediction is wrong (for example a function in FROM that returns a composite type, which
 * is assumed to return one column) and every column must then be masked or the statement refused.
 *
 * @param kind the kind of statement
 * @param outputs the columns returned to the client, in order; for {@code DECLARE} and {@code PREPARE}
 *     the columns a later {@code FETCH} or {@code EXECUTE} returns; empty when the statement returns
 *     no rows or when they come from elsewhere ({@code FETCH}, {@code EXECUTE}: see {@code objectName})
 * @param tablesRead relations whose rows are read, including the base tables behind views
 * @param tablesWritten relations inserted into, updated, deleted from, created, altered, dropped or
 *     truncated, also through data-modifying common table expressions
 * @param readsWithoutWhere the subset of {@code tablesRead} read by at least one query block
 *     (SELECT, UPDATE, DELETE) that has no WHERE clause
 * @param functions every function called anywhere, including inside views, lower-cased and
 *     schema-qualified only when written qualified (for example {@code lower},
 *     {@code pg_catalog.pg_read_file}); SQL-standard forms appear under their keyword ({@code extract},
 *     {@code trim}, {@code substring}, {@code overlay}, {@code position}, {@code coalesce},
 *     {@code nullif}, {@code greatest}, {@code least}, {@code current_user}, {@code current_date}, ...)
 * @param referenced every base column whose values the statement's own text uses anywhere: outputs,
 *     WHERE, JOIN, GROUP BY, HAVING, ORDER BY, window and sub-query clauses (a view's own filters are
 *     not included; the view's columns the statement uses are, as their base columns)
 * @param limit the constant row limit of the outermost query (LIMIT or FETCH FIRST), if any
 * @param objectName the object the statement names, when that is its subject: the cursor of
 *     DECLARE/FETCH/MOVE/CLOSE, the prepared statement of PREPARE/EXECUTE/DEALLOCATE, the channel of
 *     LISTEN/NOTIFY/UNLISTEN, the parameter of SET/SHOW/RESET ({@code role},
 *     {@code session_authorization}, {@code transaction}, {@code all}, ...), the savepoint, the DISCARD
 *     target, the procedure of CALL
 * @param traits properties the kind does not tell
 * @param unresolved what could not be resolved outside the output columns (unknown relations,
 *     ambiguous or unknown columns in filters, unsupported syntax, unanalysed code blocks); a policy
 *     that cannot accept uncertainty denies when this is not empty
 * @param inner the facts of the wrapped statement, if this statement wraps one
 */
public record StatementFacts(
        StatementKind kind,
        List<OutputColumn> outputs,
        Set<TableRef> tablesRead,
        Set<TableRef> tablesWritten,
        Set<TableRef> readsWithoutWhere,
        Set<String> functions,
        Set<ColumnRef> referenced,
        OptionalLong limit,
        Optional<String> objectName,
        Set<StatementTrait> traits,
        List<String> unresolved,
        Optional<StatementFacts> inner) {

    /** Validates and copies every collection into an unmodifiable (and, for sets, sorted) one. */
    public StatementFacts {
        Objects.requireNonNull(kind, "kind");
        outputs = List.copyOf(outputs);
        tablesRead = frozen(tablesRead);
        tablesWritten = frozen(tablesWritten);
        readsWithoutWhere = frozen(readsWithoutWhere);
        functions = frozen(functions);
        referenced = frozen(referenced);
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(objectName, "objectName");
        traits = frozen(traits);
        unresolved = List.copyOf(unresolved);
        Objects.requireNonNull(inner, "inner");
        if (!tablesRead.containsAll(readsWithoutWhere)) {
            throw new IllegalArgumentException("readsWithoutWhere must be a subset of tablesRead");
        }
    }

    /**
     * @return whether every output column has a known lineage and nothing is in {@link #unresolved()}
     */
    public boolean isFullyResolved() {
        return unresolved.isEmpty() && outputs.stream().noneMatch(o -> o.lineage() instanceof Lineage.Unknown);
    }

    /**
     * @param table a relation
     * @return whether the statement reads the relation, and every query block that reads it has a
     *     WHERE clause
     */
    public boolean readsOnlyWithWhere(TableRef table) {
        return tablesRead.contains(table) && !readsWithoutWhere.contains(table);
    }

    private static <T extends Comparable<? super T>> SortedSet<T> frozen(Set<T> values) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(values));
    }
}
