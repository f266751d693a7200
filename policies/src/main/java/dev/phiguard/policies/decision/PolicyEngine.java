package dev.phiguard.policies.decision;

import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.sql.Analysis;
import dev.phiguard.policies.sql.SqlAnalyzer;
import dev.phiguard.policies.sql.StatementFacts;
import dev.phiguard.policies.sql.StatementKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the facts of SQL statements into decisions under the policy of one purpose: whether a Query or Parse message
 * may run ({@link #decide}) and how the rows of each statement leave the proxy ({@link #resultPlan}). The engine
 * decides; the proxy enforces. Thread-safe: one engine per purpose, shared by every session of it; per-session
 * memory lives in {@link SessionState}.
 *
 * <h2>decide</h2>
 * A string that cannot be analysed is denied ({@link Rules#ANALYSIS}). Otherwise every statement must pass; the first
 * statement that fails decides (its message starts with {@code statement N of M:} when there are several). If none
 * fails and some match a hold rule, the first such hold is the verdict. The checks of one statement, in order:
 * <ol>
 *   <li><b>Kind.</b> SELECT, INSERT, UPDATE, DELETE, MERGE, COPY ... TO and COPY ... FROM need their kind in
 *       {@code access.statements}; DECLARE, PREPARE and EXPLAIN are judged by the statement they wrap (COPY (query)
 *       needs copy_to and the query's kind). DDL (including SELECT INTO and CREATE TABLE AS), DO, CALL, GRANT, REVOKE,
 *       LOCK, VACUUM, ANALYZE, CHECKPOINT, LOAD, REINDEX, CLUSTER and two-phase commit are denied under every policy.
 *       Transaction control, SHOW, DISCARD, UNLISTEN, DEALLOCATE are allowed; FETCH, MOVE and CLOSE only for a cursor
 *       the session declared, EXECUTE only for a statement it prepared. SET only of harmless parameters (application_name,
 *       statement_timeout, lock_timeout, idle_in_transaction_session_timeout, idle_session_timeout, extra_float_digits,
 *       timezone, client_min_messages, transaction characteristics and isolation, constraints; not search_path, role, session_authorization, standard_conforming_strings, client_encoding, DateStyle, custom
 *       parameters). RESET of anything but role and session_authorization is allowed: it restores the value the
 *       session started with, which is what the proxy chose (RESET ALL leaves role and session authorisation alone).
 *       LISTEN is denied: notification payloads come from other sessions and triggers and would reach the client
 *       unmasked. NOTIFY (its payload is a literal of the client's own) and UNLISTEN are allowed.
 *       Traits: COPY to or from a server file or program is denied ({@link Rules#COPY_TARGET}); COPY ... TO in binary
 *       format is denied ({@link Rules#COPY_BINARY}; binary cursors are allowed, the proxy masks or refuses binary
 *       DataRows); FOR UPDATE/SHARE needs update; INSERT ... ON CONFLICT DO UPDATE needs insert and update; a
 *       data-modifying WITH needs insert, update and delete (the facts do not say which it is).</li>
 *   <li><b>Relations</b> read or written, including views and the base tables behind them: an unqualified
 *       (unresolved) relation is denied; catalog relations that expose values, secrets or other sessions' queries
 *       (pg_statistic, pg_stats, pg_stats_ext, pg_authid, pg_shadow, pg_user_mappings, pg_largeobject, pg_stat_activity,
 *       pg_stat_statements, ...) are denied even if the policy lists them; catalog relations that only describe the
 *       schema (pg_class, pg_attribute, pg_type, pg_namespace, pg_index, pg_proc, information_schema.columns, ...) may be
 *       read without being listed; every other relation must be in {@code access.tables}. A relation
 *       that is written must allow every column ({@code "*"}), because the facts do not list the columns a change
 *       sets.</li>
 *   <li><b>Columns</b>: every column the statement uses anywhere (outputs, WHERE, JOIN, GROUP BY, ...) must be allowed
 *       by {@code access.tables}. A statement that changes data may not use a masked column at all
 *       ({@link Rules#MASKED_WRITE}): {@code INSERT INTO t SELECT ssn ...} would launder the value into a column that
 *       is not masked.</li>
 *   <li><b>Functions</b>: every function called, including inside views, must be on the policy's allow-list
 *       ({@code pg_catalog.} is ignored); never-allowed functions are named as such.</li>
 *   <li><b>Unresolved</b> parts of the statement: denied, naming the first.</li>
 *   <li><b>Whole rows</b> of a table with a masked column: denied ({@link Rules#WHOLE_ROW}).</li>
 *   <li><b>Hold rules</b>, for statements that run (not for a plain EXPLAIN; PREPARE and DECLARE are held when they are
 *       declared, EXECUTE and FETCH are not held again). The engine has no planner estimate, so it decides
 *       conservatively: {@code no_where} holds when a table it applies to is read or changed by a query block without
 *       WHERE, and, when it names {@code estimated_rows_above: N}, unless the outermost query has a constant
 *       {@code LIMIT} of at most N; {@code estimated_rows_above: rows: N} holds every statement that touches a table
 *       it applies to, unless the outermost query has a constant {@code LIMIT} of at most N; {@code any_write} holds
 *       every statement that changes a table it applies to. System catalog relations never trigger a hold.</li>
 * </ol>
 *
 * <h2>resultPlan</h2>
 * One treatment per output column: a masked column selected as it is gets its masking rule;
 * anything computed from a masked column (including {@code count(masked)}: Derived lineage cannot tell it from
 * {@code masked || count(*)}), a whole row of a table with masked columns, and anything of unknown origin, is
 * suppressed; the rest is clear and scanned by the detectors. FETCH gets the plan of the cursor's query, EXECUTE that of the prepared statement, COPY
 * the plan of its query or table (the proxy compares the column count of CopyOutResponse, as COPY sends no names),
 * EXPLAIN a suppressed {@code QUERY PLAN}. DECLARE, PREPARE, MOVE and statements without RETURNING have a plan without
 * columns. An unanalysable string, an index out of range, or a FETCH/EXECUTE of a name the session does not know give
 * {@link ResultPlan#unknown}. Call it right after {@link #decide} for the same string: the plans of FETCH and EXECUTE
 * statements are those of the moment the string was decided.
 *
 * <h2>Protocol-level names</h2>
 * Prepared statements created by Parse and portals created by Bind share their namespaces with SQL-level PREPARE and
 * DECLARE. The proxy must tell the engine about named ones ({@link #protocolStatementPrepared},
 * {@link #protocolPortalBound}), so that a SQL EXECUTE or FETCH of such a name, or a SQL PREPARE/DECLARE that the
 * server rejects because the name is taken, cannot attach the wrong plan to the rows; and it must use
 * {@link #cursorPlan} for an Execute or Describe of a portal it did not bind itself (a SQL cursor).
 *
 * <p>Verdicts and plans that do not depend on the session are cached per analysis object (bounded, least recently
 * used): a judgement depends on nothing but the analysis, so every text the analyser answers with the same object (all
 * statements of one shape, with a {@link dev.phiguard.policies.sql.CachingAnalyzer}) shares one judgement, and a new
 * analysis after the analyser's cache was invalidated (DDL) gets a new one.
 */
public final class PolicyEngine {

    /** The most analyses whose judgement is cached. */
    static final int CACHE_ENTRIES = 4096;
    /** Longer strings are judged every time. */
    static final int CACHE_MAX_SQL_LENGTH = 16 * 1024;

    private final Policy policy;
    private final SqlAnalyzer analyzer;
    private final PlanBuilder plans;
    private final StatementJudge judge;
    private final LinkedHashMap<AnalysisIdentity, Judgement> cache = new LinkedHashMap<>(256, 0.75f, true);

    /** An analysis as a map key by identity (analyses are values; two equal ones from different texts differ here). */
    private record AnalysisIdentity(Analysis analysis) {
        @Override
        public boolean equals(Object other) {
            return other instanceof AnalysisIdentity that && that.analysis == analysis;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(analysis);
        }
    }

    /** The session-independent judgement of one string. */
    private record Judgement(Analysis analysis, List<StatementFacts> statements, List<Verdict> verdicts,
                             List<ResultPlan> plans) {
    }

    /**
     * @param policy   the policy of the purpose
     * @param analyzer the analyser of the target database (normally a {@link dev.phiguard.policies.sql.CachingAnalyzer})
     */
    public PolicyEngine(Policy policy, SqlAnalyzer analyzer) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
        this.plans = new PlanBuilder(policy);
        this.judge = new StatementJudge(policy, plans);
    }

    /** @return the policy this engine decides by */
    public Policy policy() {
        return policy;
    }

    /**
     * Decides a Query message's string or a Parse message's statement.
     *
     * @param sql     the SQL text (may hold several statements)
     * @param session the session's state, updated when the verdict is Allow or Hold
     * @return Allow, Deny or Hold
     */
    public Verdict decide(String sql, SessionState session) {
        Objects.requireNonNull(session, "session");
        Judgement judgement = judgement(sql);
        if (judgement.analysis() instanceof Analysis.Unanalysable unanalysable) {
            return new Verdict.Deny(Rules.ANALYSIS, "phiguard cannot analyse this statement: " + unanalysable.reason());
        }
        int count = judgement.statements().size();
        synchronized (session.lock) {
            SessionState.Draft draft = session.draft();
            Verdict.Hold hold = null;
            for (int i = 0; i < count; i++) {
                Verdict verdict = judgement.verdicts().get(i);
                if (verdict instanceof Verdict.Deny deny) {
                    return numbered(deny, i, count);
                }
                Optional<Verdict.Deny> denied = session(judgement.statements().get(i), i, draft);
                if (denied.isPresent()) {
                    return numbered(denied.get(), i, count);
                }
                if (verdict instanceof Verdict.Hold held && hold == null) {
                    hold = count == 1 ? held : new Verdict.Hold(held.rule(), prefix(i, count) + held.reason());
                }
            }
            draft.commit(sql);
            return hold != null ? hold : Verdict.ALLOW;
        }
    }

    /**
     * How the rows of one statement leave the proxy.
     *
     * @param sql            a Query's whole string or a Parse's statement, as given to {@link #decide}
     * @param statementIndex the statement's 0-based index in {@code sql}
     * @param session        the session's state (for FETCH and EXECUTE)
     * @return the plan; {@link ResultPlan#unknown} when nothing can be said about the rows
     */
    public ResultPlan resultPlan(String sql, int statementIndex, SessionState session) {
        Objects.requireNonNull(session, "session");
        Judgement judgement = judgement(sql);
        if (judgement.analysis() instanceof Analysis.Unanalysable unanalysable) {
            return ResultPlan.unknown("phiguard cannot analyse this statement: " + unanalysable.reason());
        }
        if (statementIndex < 0 || statementIndex >= judgement.statements().size()) {
            return ResultPlan.unknown("the string has no statement " + (statementIndex + 1));
        }
        StatementFacts facts = judgement.statements().get(statementIndex);
        if (facts.kind() == StatementKind.FETCH || facts.kind() == StatementKind.EXECUTE) {
            Optional<String> name = facts.objectName();
            if (name.isEmpty()) {
                return ResultPlan.unknown(facts.kind() + " without a name");
            }
            return session.sessionPlan(sql, statementIndex, facts.kind() == StatementKind.FETCH, name.get());
        }
        return judgement.plans().get(statementIndex);
    }

    /**
     * Records a named prepared statement created by a Parse message that the proxy forwards, so that a SQL
     * {@code EXECUTE name} plans its rows like the statement's (merged with any SQL PREPARE of the same name).
     *
     * @param statementName the statement name of the Parse message; the unnamed statement is ignored
     * @param sql           the Parse message's statement
     * @param session       the session's state
     * @return Allow, or a Deny ({@link Rules#SESSION_LIMIT}) the proxy must send instead of forwarding the Parse
     */
    public Verdict protocolStatementPrepared(String statementName, String sql, SessionState session) {
        return register(false, statementName, sql, session);
    }

    /**
     * Records a named portal created by a Bind message that the proxy forwards, so that a SQL {@code FETCH name}
     * is allowed and plans its rows like the portal's statement (merged with any DECLARE of the same name).
     *
     * @param portalName the portal name of the Bind message; the unnamed portal is ignored
     * @param sql        the statement of the prepared statement the portal binds
     * @param session    the session's state
     * @return Allow, or a Deny ({@link Rules#SESSION_LIMIT}) the proxy must send instead of forwarding the Bind
     */
    public Verdict protocolPortalBound(String portalName, String sql, SessionState session) {
        return register(true, portalName, sql, session);
    }

    /**
     * The plan of the rows of a SQL cursor, for an Execute or Describe message naming a portal the proxy did not
     * bind: SQL cursors are portals too.
     *
     * @param portalName the portal name
     * @param session    the session's state
     * @return the cursor's plan, or empty when the session declared no such cursor (the proxy must refuse the message)
     */
    public Optional<ResultPlan> cursorPlan(String portalName, SessionState session) {
        Objects.requireNonNull(portalName, "portalName");
        Objects.requireNonNull(session, "session");
        return session.cursorPlan(portalName);
    }

    private Verdict register(boolean cursor, String name, String sql, SessionState session) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(session, "session");
        if (name.isEmpty()) {
            return Verdict.ALLOW;
        }
        Judgement judgement = judgement(sql);
        ResultPlan plan = judgement.statements().size() == 1
                ? resultPlan(sql, 0, session)
                : ResultPlan.unknown("a protocol-level statement must hold exactly one statement");
        if (session.register(cursor, name, plan)) {
            return Verdict.ALLOW;
        }
        return new Verdict.Deny(Rules.SESSION_LIMIT, "this session uses too many " + (cursor ? "portal" : "statement")
                + " names, or reuses " + name + " too often, for phiguard to track");
    }

    /** The checks that depend on the session, and the session changes of an allowed statement. */
    private Optional<Verdict.Deny> session(StatementFacts facts, int index, SessionState.Draft draft) {
        StatementKind kind = facts.kind();
        Optional<String> object = facts.objectName();
        switch (kind) {
            case DECLARE_CURSOR, PREPARE, FETCH, MOVE, CLOSE_CURSOR, EXECUTE, DEALLOCATE -> {
                if (object.isEmpty()) {
                    return Optional.of(new Verdict.Deny(Rules.ANALYSIS, "phiguard cannot analyse this statement: "
                            + StatementJudge.describe(kind) + " without a name"));
                }
            }
            default -> {
            }
        }
        String name = object.orElse("");
        switch (kind) {
            case DECLARE_CURSOR:
                return draft.cursors.add(name, plans.plan(facts.outputs()));
            case PREPARE:
                return draft.prepared.add(name, plans.plan(facts.outputs()));
            case FETCH:
            case MOVE:
                if (!draft.cursors.isOpen(name)) {
                    return Optional.of(unknownCursor(kind, name));
                }
                if (kind == StatementKind.FETCH) {
                    draft.plan(index, draft.cursors.plan(name));
                }
                return Optional.empty();
            case CLOSE_CURSOR:
                if (name.equals("all")) {
                    draft.cursors.closeAll();
                } else if (draft.cursors.known(name)) {
                    draft.cursors.close(name);
                } else {
                    return Optional.of(unknownCursor(kind, name));
                }
                return Optional.empty();
            case EXECUTE:
                if (!draft.prepared.isOpen(name)) {
                    return Optional.of(unknownStatement(name));
                }
                draft.plan(index, draft.prepared.plan(name));
                return Optional.empty();
            case DEALLOCATE:
                if (name.equals("all")) {
                    draft.prepared.closeAll();
                } else {
                    draft.prepared.close(name);
                }
                return Optional.empty();
            case DISCARD:
                if (name.equals("all")) {
                    draft.cursors.closeAll();
                    draft.prepared.closeAll();
                }
                return Optional.empty();
            case EXPLAIN:
                Optional<StatementFacts> inner = facts.inner();
                if (inner.isPresent() && inner.get().kind() == StatementKind.EXECUTE) {
                    String statement = inner.get().objectName().orElse("");
                    if (!draft.prepared.isOpen(statement)) {
                        return Optional.of(unknownStatement(statement));
                    }
                }
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }

    private static Verdict.Deny unknownCursor(StatementKind kind, String name) {
        return new Verdict.Deny(Rules.SESSION_CURSOR, StatementJudge.describe(kind) + " " + name
                + ": no cursor of that name is open in this session (phiguard allows FETCH, MOVE and CLOSE only for "
                + "cursors declared through it)");
    }

    private static Verdict.Deny unknownStatement(String name) {
        return new Verdict.Deny(Rules.SESSION_PREPARED, "EXECUTE " + name + ": no statement of that name is prepared in "
                + "this session (phiguard allows EXECUTE only for statements prepared through it)");
    }

    private static Verdict.Deny numbered(Verdict.Deny deny, int index, int count) {
        return count == 1 ? deny : new Verdict.Deny(deny.rule(), prefix(index, count) + deny.message());
    }

    private static String prefix(int index, int count) {
        return "statement " + (index + 1) + " of " + count + ": ";
    }

    /**
     * The judgement of a string. The analyser is asked every time (a {@link dev.phiguard.policies.sql.CachingAnalyzer}
     * answers from its cache); a cached judgement is reused only for the very same analysis object, so that when the
     * analyser's cache is invalidated after DDL, the judgements made from the old catalog are too.
     */
    private Judgement judgement(String sql) {
        Objects.requireNonNull(sql, "sql");
        Analysis analysis = analyzer.analyze(sql);
        AnalysisIdentity key = new AnalysisIdentity(analysis);
        synchronized (cache) {
            Judgement cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Judgement judgement = judge(analysis);
        if (sql.length() <= CACHE_MAX_SQL_LENGTH) {
            synchronized (cache) {
                cache.put(key, judgement);
                var iterator = cache.entrySet().iterator();
                while (cache.size() > CACHE_ENTRIES && iterator.hasNext()) {
                    iterator.next();
                    iterator.remove();
                }
            }
        }
        return judgement;
    }

    private Judgement judge(Analysis analysis) {
        if (!(analysis instanceof Analysis.Analysed analysed)) {
            return new Judgement(analysis, List.of(), List.of(), List.of());
        }
        List<Verdict> verdicts = new ArrayList<>();
        List<ResultPlan> statementPlans = new ArrayList<>();
        for (StatementFacts facts : analysed.statements()) {
            verdicts.add(judge.judge(facts));
            statementPlans.add(switch (facts.kind()) {
                case DECLARE_CURSOR, PREPARE -> plans.empty();
                // placeholders: the session decides (see resultPlan)
                case FETCH, EXECUTE -> ResultPlan.unknown("planned from the session");
                default -> plans.plan(facts.outputs());
            });
        }
        return new Judgement(analysis, analysed.statements(), verdicts, statementPlans);
    }

    @Override
    public String toString() {
        return "PolicyEngine[" + policy.purpose() + "]";
    }
}
