package dev.phiguard.policies.policy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What statements of a lease may do.
 *
 * @param statements the statement kinds allowed
 * @param tables     the tables that may be touched, by name (schema {@code public} left out), in file order
 * @param functions  the effective function allow-list (the defaults, unless switched off, plus the policy's own);
 *                   a function not on it is denied
 * @param rowLimit   the most rows one statement may return
 */
public record AccessRules(Set<StatementKind> statements, Map<String, TableAccess> tables, Set<String> functions,
                          long rowLimit) {

    /** {@code row_limit} when the policy names none. */
    public static final long DEFAULT_ROW_LIMIT = 10_000;

    public AccessRules {
        statements = statements.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(statements));
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        functions = Set.copyOf(functions);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("at least one statement kind must be allowed");
        }
        if (rowLimit < 1) {
            throw new IllegalArgumentException("rowLimit must be at least 1");
        }
        if (functions.stream().anyMatch(FunctionAllowList::isNeverAllowed)) {
            throw new IllegalArgumentException("functions contains a function no policy may allow");
        }
    }

    /** Whether statements of this kind may run. */
    public boolean allowsStatement(StatementKind kind) {
        return statements.contains(kind);
    }

    /** Whether no write statement kind is allowed. */
    public boolean isReadOnly() {
        return statements.stream().noneMatch(StatementKind::isWrite);
    }

    /** The access rules of one table ({@code public.} may be included or not), if the table is allowed at all. */
    public Optional<TableAccess> table(String table) {
        return Optional.ofNullable(tables.get(Names.normaliseTable(table)));
    }

    /** Whether a column of a table may be read. */
    public boolean allowsColumn(String table, String column) {
        return table(table).map(access -> access.allows(column)).orElse(false);
    }

    /** Whether a function may be called ({@code pg_catalog.} may be included or not). */
    public boolean allowsFunction(String function) {
        return functions.contains(Names.normaliseFunction(function));
    }
}
