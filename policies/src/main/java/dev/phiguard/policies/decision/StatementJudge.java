package dev.phiguard.policies.decision;

import dev.phiguard.policies.policy.AccessRules;
import dev.phiguard.policies.policy.FunctionAllowList;
import dev.phiguard.policies.policy.HoldRule;
import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.policy.TableAccess;
import dev.phiguard.policies.policy.StatementKind;
import dev.phiguard.policies.sql.ColumnRef;
import dev.phiguard.policies.sql.Lineage;
import dev.phiguard.policies.sql.OutputColumn;
import dev.phiguard.policies.sql.StatementFacts;
import dev.phiguard.policies.sql.StatementTrait;
import dev.phiguard.policies.sql.TableRef;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of one statement that depend only on its facts and the policy (not on the session): statement kind and
 * traits, relations, columns, functions, unresolved parts, whole rows, and hold rules. Immutable and thread-safe.
 * See {@link PolicyEngine} for the semantics.
 */
final class StatementJudge {

    private static final dev.phiguard.policies.sql.StatementKind COPY_TO = dev.phiguard.policies.sql.StatementKind.COPY_TO;
    private static final dev.phiguard.policies.sql.StatementKind EXPLAIN = dev.phiguard.policies.sql.StatementKind.EXPLAIN;

    /** Parameters a client may SET: they change nothing the analysis or the masking relies on. */
    static final Set<String> SETTABLE = Set.of(
            "application_name", "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout",
            "idle_session_timeout", "extra_float_digits", "timezone", "client_min_messages", "transaction",
            "constraints", "transaction_isolation", "transaction_read_only", "default_transaction_isolation",
            "default_transaction_read_only");

    /** Parameters a client may not RESET: they would undo the identity the proxy chose for the upstream session. */
    static final Set<String> NOT_RESETTABLE = Set.of("role", "session_authorization");

    private final Policy policy;
    private final AccessRules access;
    private final PlanBuilder plans;

    StatementJudge(Policy policy, PlanBuilder plans) {
        this.policy = policy;
        this.access = policy.access();
        this.plans = plans;
    }

    /** Checks 1 to 7 of {@link PolicyEngine}: a Deny, a Hold, or Allow. */
    Verdict judge(StatementFacts facts) {
        Optional<Verdict.Deny> deny = kinds(facts)
                .or(() -> traits(facts))
                .or(() -> relations(facts))
                .or(() -> columns(facts))
                .or(() -> maskedWrite(facts))
                .or(() -> functions(facts))
                .or(() -> unresolved(facts))
                .or(() -> wholeRows(facts));
        if (deny.isPresent()) {
            return deny.get();
        }
        return executes(facts) ? holds(facts) : Verdict.ALLOW;
    }

    // 1. kinds -----------------------------------------------------------------------------------------------------

    private Optional<Verdict.Deny> kinds(StatementFacts facts) {
        return switch (facts.kind()) {
            case SELECT -> require(StatementKind.SELECT, "SELECT");
            case INSERT -> require(StatementKind.INSERT, "INSERT");
            case UPDATE -> require(StatementKind.UPDATE, "UPDATE");
            case DELETE -> require(StatementKind.DELETE, "DELETE");
            case MERGE -> require(StatementKind.MERGE, "MERGE");
            case COPY_FROM -> require(StatementKind.COPY_FROM, "COPY ... FROM");
            case COPY_TO -> require(StatementKind.COPY_TO, "COPY ... TO")
                    .or(() -> facts.inner().flatMap(this::kinds));
            case DECLARE_CURSOR, PREPARE, EXPLAIN -> facts.inner().isEmpty()
                    ? Optional.of(deny(Rules.ANALYSIS, "phiguard cannot analyse this statement: "
                            + facts.kind() + " without the statement it wraps"))
                    : kinds(facts.inner().get());
            case EXECUTE, FETCH, MOVE, CLOSE_CURSOR, DEALLOCATE, BEGIN, COMMIT, ROLLBACK, SAVEPOINT, SHOW, DISCARD,
                    UNLISTEN, NOTIFY -> Optional.empty();
            case SET -> set(facts);
            case RESET -> reset(facts);
            case LISTEN -> Optional.of(deny(Rules.SESSION_LISTEN, "LISTEN is not allowed through phiguard: "
                    + "notification payloads come from other sessions and triggers and cannot be masked"));
            case DDL, DO, CALL, GRANT_REVOKE, LOCK, VACUUM_ANALYZE, OTHER -> Optional.of(deny(Rules.STATEMENTS,
                    describe(facts.kind()) + " statements are never allowed through phiguard, under any policy"));
        };
    }

    private Optional<Verdict.Deny> require(StatementKind kind, String label) {
        if (access.allowsStatement(kind)) {
            return Optional.empty();
        }
        return Optional.of(deny(Rules.STATEMENTS, label + " statements are not allowed by the policy of purpose "
                + policy.purpose() + " (access.statements: " + allowedKinds() + ")"));
    }

    private String allowedKinds() {
        return String.join(", ", access.statements().stream().map(StatementKind::yamlName).sorted().toList());
    }

    private Optional<Verdict.Deny> set(StatementFacts facts) {
        String parameter = facts.objectName().orElse("?");
        if (SETTABLE.contains(parameter)) {
            return Optional.empty();
        }
        String why = switch (parameter) {
            case "search_path" -> ": it changes which relations unqualified names mean";
            case "role", "session_authorization" -> ": it changes the identity of the session";
            case "standard_conforming_strings" -> ": it changes how phiguard must read string literals";
            case "datestyle", "intervalstyle" -> ": masking reads dates in the ISO style";
            case "client_encoding" -> ": masking and detection read UTF-8";
            default -> "";
        };
        return Optional.of(deny(Rules.SESSION_SET, "SET " + parameter + " is not allowed through phiguard" + why
                + " (parameters that may be set: " + String.join(", ", new TreeSet<>(SETTABLE)) + ")"));
    }

    private Optional<Verdict.Deny> reset(StatementFacts facts) {
        String parameter = facts.objectName().orElse("?");
        if (NOT_RESETTABLE.contains(parameter)) {
            return Optional.of(deny(Rules.SESSION_SET, "RESET " + parameter
                    + " is not allowed through phiguard: it changes the identity of the session"));
        }
        return Optional.empty();
    }

    // traits -------------------------------------------------------------------------------------------------------

    private Optional<Verdict.Deny> traits(StatementFacts facts) {
        Set<StatementTrait> traits = facts.traits();
        if (traits.contains(StatementTrait.COPY_PROGRAM) || traits.contains(StatementTrait.COPY_FILE)) {
            return Optional.of(deny(Rules.COPY_TARGET, "COPY to or from a file or program on the database server "
                    + "is never allowed through phiguard; use COPY ... TO STDOUT or FROM STDIN"));
        }
        if (traits.contains(StatementTrait.BINARY) && facts.kind() == COPY_TO) {
            return Optional.of(deny(Rules.COPY_BINARY, "COPY ... TO in binary format is not allowed through phiguard; "
                    + "use the text or csv format"));
        }
        if (traits.contains(StatementTrait.ROW_LOCKING)) {
            Optional<Verdict.Deny> deny = require(StatementKind.UPDATE, "row-locking (FOR UPDATE/SHARE)");
            if (deny.isPresent()) {
                return deny;
            }
        }
        if (traits.contains(StatementTrait.UPSERT)) {
            Optional<Verdict.Deny> deny = require(StatementKind.UPDATE,
                    "INSERT ... ON CONFLICT DO UPDATE (it updates rows, so UPDATE)");
            if (deny.isPresent()) {
                return deny;
            }
        }
        if (traits.contains(StatementTrait.DATA_MODIFYING_CTE)) {
            for (StatementKind kind : List.of(StatementKind.INSERT, StatementKind.UPDATE, StatementKind.DELETE)) {
                if (!access.allowsStatement(kind)) {
                    return Optional.of(deny(Rules.STATEMENTS, "INSERT, UPDATE or DELETE inside WITH is allowed only when "
                            + "the policy allows insert, update and delete; run the change as a statement of its own "
                            + "(access.statements: " + allowedKinds() + ")"));
                }
            }
        } else if (!facts.tablesWritten().isEmpty() && !writeKind(facts)) {
            return Optional.of(deny(Rules.STATEMENTS, "this " + describe(facts.kind())
                    + " statement changes data in a way phiguard cannot classify"));
        }
        return Optional.empty();
    }

    /** Whether the statement that actually runs (inside wrappers) is a write kind checked by {@link #kinds}. */
    private static boolean writeKind(StatementFacts facts) {
        StatementFacts statement = facts;
        while (statement.inner().isPresent() && wraps(statement)) {
            statement = statement.inner().get();
        }
        return switch (statement.kind()) {
            case INSERT, UPDATE, DELETE, MERGE, COPY_FROM -> true;
            default -> false;
        };
    }

    private static boolean wraps(StatementFacts facts) {
        return switch (facts.kind()) {
            case COPY_TO, PREPARE, EXPLAIN, DECLARE_CURSOR -> true;
            default -> false;
        };
    }

    // 2. relations -------------------------------------------------------------------------------------------------

    private Optional<Verdict.Deny> relations(StatementFacts facts) {
        for (TableRef table : facts.tablesRead()) {
            Optional<Verdict.Deny> deny = relation(table, false);
            if (deny.isPresent()) {
                return deny;
            }
        }
        for (TableRef table : facts.tablesWritten()) {
            Optional<Verdict.Deny> deny = relation(table, true);
            if (deny.isPresent()) {
                return deny;
            }
        }
        return Optional.empty();
    }

    private Optional<Verdict.Deny> relation(TableRef table, boolean written) {
        if (!table.isQualified()) {
            return Optional.of(deny(Rules.TABLES, "relation " + table.name() + " is unknown to phiguard's catalog "
                    + "(qualify it with its schema, or check its name)"));
        }
        if (CatalogRelations.isProtected(table)) {
            return Optional.of(deny(Rules.TABLES, "relation " + table.qualifiedName()
                    + " is never readable through phiguard: " + CatalogRelations.whyProtected(table)));
        }
        if (!written && CatalogRelations.isHarmless(table)) {
            return Optional.empty();
        }
        String name = PolicyMapping.policyName(table);
        Optional<TableAccess> tableAccess = access.table(name);
        if (tableAccess.isEmpty()) {
            return Optional.of(deny(Rules.TABLES, "relation " + name + " is not allowed by the policy of purpose "
                    + policy.purpose() + " (access.tables: " + String.join(", ", access.tables().keySet()) + ")"));
        }
        if (written && !tableAccess.get().allColumns()) {
            return Optional.of(deny(Rules.COLUMNS, "relation " + name + " may be changed only when access.tables allows "
                    + "all its columns (\"*\"): phiguard does not know which columns a change sets"));
        }
        return Optional.empty();
    }

    // 3. columns ---------------------------------------------------------------------------------------------------

    private Optional<Verdict.Deny> columns(StatementFacts facts) {
        for (ColumnRef column : facts.referenced()) {
            TableRef table = column.table();
            if (!table.isQualified() || CatalogRelations.isProtected(table)) {
                return Optional.of(deny(Rules.COLUMNS, "column " + column + " is not allowed"));
            }
            if (CatalogRelations.isHarmless(table)) {
                continue;
            }
            String name = PolicyMapping.policyName(table);
            if (!access.allowsColumn(name, column.column())) {
                return Optional.of(deny(Rules.COLUMNS, "column " + name + "." + column.column()
                        + " is not allowed by access.tables." + name + " of purpose " + policy.purpose()));
            }
        }
        return Optional.empty();
    }

    /** A change must not use a masked value: it could copy it into a column that is not masked, and read it back. */
    private Optional<Verdict.Deny> maskedWrite(StatementFacts facts) {
        if (facts.tablesWritten().isEmpty()) {
            return Optional.empty();
        }
        for (ColumnRef column : facts.referenced()) {
            if (plans.maskingOf(column).isPresent()) {
                return Optional.of(deny(Rules.MASKED_WRITE, "a statement that changes data may not use the masked column "
                        + PolicyMapping.policyName(column) + ": its values could be copied where they are not masked"));
            }
        }
        return Optional.empty();
    }

    // 4. functions -------------------------------------------------------------------------------------------------

    private Optional<Verdict.Deny> functions(StatementFacts facts) {
        for (String function : facts.functions()) {
            if (FunctionAllowList.isNeverAllowed(function)) {
                return Optional.of(deny(Rules.FUNCTIONS, "function " + function + " is never allowed through phiguard: "
                        + "it runs SQL the proxy cannot see, reads server files or large objects, reaches other "
                        + "databases, changes settings or affects other sessions"));
            }
            if (!access.allowsFunction(function)) {
                return Optional.of(deny(Rules.FUNCTIONS, "function " + function + " is not on the function allow-list "
                        + "of purpose " + policy.purpose() + " (access.functions)"));
            }
        }
        return Optional.empty();
    }

    // 5. unresolved ------------------------------------------------------------------------------------------------

    private static Optional<Verdict.Deny> unresolved(StatementFacts facts) {
        if (facts.unresolved().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(deny(Rules.ANALYSIS, "phiguard cannot analyse this statement: " + facts.unresolved().get(0)));
    }

    // 6. whole rows ------------------------------------------------------------------------------------------------

    private Optional<Verdict.Deny> wholeRows(StatementFacts facts) {
        for (OutputColumn output : facts.outputs()) {
            if (output.lineage() instanceof Lineage.WholeRow wholeRow && plans.hasMaskedColumns(wholeRow.table())) {
                return Optional.of(deny(Rules.WHOLE_ROW, "column " + output.name() + " returns whole rows of "
                        + PolicyMapping.policyName(wholeRow.table()) + ", which has masked columns; select the columns "
                        + "you need instead"));
            }
        }
        return facts.inner().isPresent() ? wholeRows(facts.inner().get()) : Optional.empty();
    }

    // 7. holds -----------------------------------------------------------------------------------------------------

    /** Whether the statement (or the one it wraps) runs now or later: everything except a plain EXPLAIN. */
    private static boolean executes(StatementFacts facts) {
        return facts.kind() != EXPLAIN || facts.traits().contains(StatementTrait.EXPLAIN_ANALYZE);
    }

    private Verdict holds(StatementFacts facts) {
        for (HoldRule rule : policy.holds()) {
            Optional<Verdict.Hold> hold = hold(rule, facts);
            if (hold.isPresent()) {
                return hold.get();
            }
        }
        return Verdict.ALLOW;
    }

    private Optional<Verdict.Hold> hold(HoldRule rule, StatementFacts facts) {
        if (rule instanceof HoldRule.NoWhere noWhere) {
            Optional<String> table = first(facts.readsWithoutWhere(), rule);
            if (table.isEmpty()) {
                return Optional.empty();
            }
            if (noWhere.estimatedRowsAbove().isPresent()) {
                long threshold = noWhere.estimatedRowsAbove().getAsLong();
                if (limitAtMost(facts.limit(), threshold)) {
                    return Optional.empty();
                }
                return Optional.of(new Verdict.Hold(Rules.HOLD_NO_WHERE, "reads or changes " + table.get()
                        + " without a WHERE clause, and more than " + threshold + " rows cannot be ruled out "
                        + "(no LIMIT of at most " + threshold + ")"));
            }
            return Optional.of(new Verdict.Hold(Rules.HOLD_NO_WHERE, "reads or changes " + table.get()
                    + " without a WHERE clause"));
        } else if (rule instanceof HoldRule.EstimatedRowsAbove rows) {
            Set<TableRef> touched = new TreeSet<>(facts.tablesRead());
            touched.addAll(facts.tablesWritten());
            Optional<String> table = first(touched, rule);
            if (table.isEmpty() || limitAtMost(facts.limit(), rows.rows())) {
                return Optional.empty();
            }
            return Optional.of(new Verdict.Hold(Rules.HOLD_ESTIMATED_ROWS, "touches " + table.get() + ", and more than "
                    + rows.rows() + " rows cannot be ruled out without a row estimate (no LIMIT of at most "
                    + rows.rows() + ")"));
        } else if (rule instanceof HoldRule.AnyWrite) {
            return first(facts.tablesWritten(), rule)
                    .map(table -> new Verdict.Hold(Rules.HOLD_ANY_WRITE, "changes " + table));
        }
        return Optional.empty();
    }

    /** The first relation a rule applies to, in policy form; catalog relations are left out. */
    private static Optional<String> first(Set<TableRef> tables, HoldRule rule) {
        for (TableRef table : tables) {
            if (!table.isQualified() || CatalogRelations.isHarmless(table)) {
                continue;
            }
            String name = PolicyMapping.policyName(table);
            if (rule.appliesTo(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static boolean limitAtMost(OptionalLong limit, long rows) {
        return limit.isPresent() && limit.getAsLong() >= 0 && limit.getAsLong() <= rows;
    }

    // -------------------------------------------------------------------------------------------------------------

    static Verdict.Deny deny(String rule, String message) {
        return new Verdict.Deny(rule, message);
    }

    static String describe(dev.phiguard.policies.sql.StatementKind kind) {
        return switch (kind) {
            case DDL -> "DDL (CREATE, ALTER, DROP, TRUNCATE, COMMENT, REFRESH, SELECT INTO)";
            case DO -> "DO";
            case CALL -> "CALL";
            case GRANT_REVOKE -> "GRANT and REVOKE";
            case LOCK -> "LOCK";
            case VACUUM_ANALYZE -> "VACUUM and ANALYZE";
            case OTHER -> "maintenance and two-phase commit (CHECKPOINT, LOAD, REINDEX, CLUSTER, PREPARE TRANSACTION, ...)";
            case COPY_TO -> "COPY ... TO";
            case COPY_FROM -> "COPY ... FROM";
            case DECLARE_CURSOR -> "DECLARE";
            case CLOSE_CURSOR -> "CLOSE";
            default -> kind.name().replace('_', ' ');
        };
    }
}
