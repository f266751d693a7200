package dev.phiguard.proxy.enforce;

import dev.phiguard.policies.decision.PolicyEngine;
import dev.phiguard.policies.decision.ResultPlan;
import dev.phiguard.policies.decision.SessionState;
import dev.phiguard.policies.decision.Verdict;
import dev.phiguard.policies.detect.DetectorSettings;
import dev.phiguard.policies.detect.Detectors;
import dev.phiguard.policies.masking.DateShift;
import dev.phiguard.policies.masking.MaskingKeys;
import dev.phiguard.proxy.port.Decision;
import dev.phiguard.proxy.port.RecordKeyHashing;
import dev.phiguard.proxy.port.ResultSource;
import dev.phiguard.proxy.port.RowPlan;
import dev.phiguard.proxy.port.RowPlanner;
import dev.phiguard.proxy.port.SessionInfo;
import dev.phiguard.proxy.port.SessionListener;
import dev.phiguard.proxy.port.Statement;
import dev.phiguard.proxy.port.StatementApprovals;
import dev.phiguard.proxy.port.StatementGate;
import dev.phiguard.proxy.wire.RowDescription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Enforces each lease's purpose policy on the data path: decides every statement (allow, deny, hold for a
 * reviewer) and plans how every result is masked. Plugs into the proxy's statement gate, row planner and
 * session listener seams.
 */
public final class PolicyEnforcement implements StatementGate, RowPlanner, SessionListener {
    /** The default largest number of distinct record keys an outcome keeps per statement. */
    public static final int DEFAULT_MAX_RECORD_KEYS_PER_STATEMENT = RecordKeys.DEFAULT_MAX_PER_STATEMENT;

    private static final int TEXT_OID = 25;
    private static final DateShift NO_SHIFT = new DateShift(1); // never applied: no shift_date rule in the plan

    private final Map<String, PolicyEngine> enginesByPurpose;
    private final Map<String, RecordKeys> recordKeysByPurpose;
    private final MaskingKeys keys;
    private final StatementApprovals approvals;
    private final Duration approvalTimeout;
    private final ConcurrentMap<String, SessionState> sessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<DetectorSettings, Detectors> detectors = new ConcurrentHashMap<>();

    /**
     * @param engines         one per purpose
     * @param keys            the key of tokens and date shifts (stable across restarts so tokens stay joinable)
     * @param approvals       where held statements go
     * @param approvalTimeout how long a held statement waits before it is refused
     */
    public PolicyEnforcement(Collection<PolicyEngine> engines, MaskingKeys keys, StatementApprovals approvals,
                             Duration approvalTimeout) {
        this(engines, keys, approvals, approvalTimeout, RecordKeyHashing.NONE, DEFAULT_MAX_RECORD_KEYS_PER_STATEMENT);
    }

    /**
     * Enforcement that also hashes the policies' record keys as rows pass, for the statements' outcomes.
     *
     * @param engines                  one per purpose
     * @param keys                     the key of tokens and date shifts
     * @param approvals                where held statements go
     * @param approvalTimeout          how long a held statement waits before it is refused
     * @param recordKeyHashing         how a raw record key becomes its keyed hash ({@link RecordKeyHashing#NONE}: keys
     *                                 are not collected)
     * @param maxRecordKeysPerStatement the most distinct record keys kept per statement; beyond it the outcome is
     *                                 marked truncated (default {@value #DEFAULT_MAX_RECORD_KEYS_PER_STATEMENT})
     */
    public PolicyEnforcement(Collection<PolicyEngine> engines, MaskingKeys keys, StatementApprovals approvals,
                             Duration approvalTimeout, RecordKeyHashing recordKeyHashing,
                             int maxRecordKeysPerStatement) {
        if (maxRecordKeysPerStatement < 0) {
            throw new IllegalArgumentException("maxRecordKeysPerStatement must not be negative");
        }
        this.enginesByPurpose = engines.stream()
                .collect(Collectors.toUnmodifiableMap(e -> e.policy().purpose(), Function.identity()));
        this.recordKeysByPurpose = engines.stream().collect(Collectors.toUnmodifiableMap(e -> e.policy().purpose(),
                e -> RecordKeys.of(e.policy(), recordKeyHashing, maxRecordKeysPerStatement)));
        this.keys = keys;
        this.approvals = approvals;
        this.approvalTimeout = approvalTimeout;
    }

    @Override
    public Decision decide(SessionInfo session, Statement statement) {
        PolicyEngine engine = enginesByPurpose.get(session.grant().purpose());
        if (engine == null) {
            return Decision.deny("42501", "no policy is loaded for purpose \"" + session.grant().purpose() + "\"");
        }
        if (statement instanceof Statement.FunctionCall) {
            return Decision.deny("42501", "function calls by OID are not allowed through phiguard; call the function"
                    + " in SQL");
        }
        SessionState state = state(session);
        Verdict verdict = engine.decide(statement.text(), state);
        if (verdict instanceof Verdict.Allow && statement instanceof Statement.Prepare prepare
                && !prepare.statementName().isEmpty()) {
            // a named protocol statement can later be run with SQL EXECUTE: the engine plans those rows too
            verdict = engine.protocolStatementPrepared(prepare.statementName(), prepare.sql(), state);
        }
        if (verdict instanceof Verdict.Allow) {
            return Decision.ALLOW;
        }
        if (verdict instanceof Verdict.Deny deny) {
            return new Decision.Deny("42501", "denied by the policy of purpose \"" + engine.policy().purpose()
                    + "\" (" + deny.rule() + "): " + deny.message(), Optional.of(deny.rule()));
        }
        Verdict.Hold hold = (Verdict.Hold) verdict;
        String reason = hold.rule() + ": " + hold.reason();
        return new Decision.Hold(reason, approvals.request(session, statement, hold.rule(), hold.reason())
                .toCompletableFuture()
                .orTimeout(approvalTimeout.toMillis(), TimeUnit.MILLISECONDS), Optional.of(hold.rule()));
    }

    @Override
    public RowPlan plan(SessionInfo session, ResultSource source, RowDescription description) {
        PolicyEngine engine = engineOf(session);
        ResultPlan plan = engine.resultPlan(source.sql(), source.statementIndex(), state(session));
        DateShift shift = plan.dateShiftMaxDays().isPresent()
                ? DateShift.derive(keys, session.leaseId(), plan.dateShiftMaxDays().getAsInt())
                : NO_SHIFT;
        Detectors compiled = detectors.computeIfAbsent(plan.detectors(), Detectors::compile);
        RowPlan rows = RowPlanCompiler.compile(plan, description, source, keys, shift, compiled,
                recordKeysByPurpose.get(engine.policy().purpose()));
        long limit = engine.policy().access().rowLimit();
        return limit > 0 ? new RowLimitPlan(rows, limit, engine.policy().purpose()) : rows;
    }

    /**
     * COPY rows arrive as text without a description: every column is treated as text, named as the
     * analysis predicts (a count that differs from the server's suppresses every column).
     */
    @Override
    public RowPlan planCopy(SessionInfo session, ResultSource source, int columnCount) {
        PolicyEngine engine = engineOf(session);
        ResultPlan plan = engine.resultPlan(source.sql(), source.statementIndex(), state(session));
        List<RowDescription.Field> fields = new ArrayList<>(columnCount);
        for (int i = 0; i < columnCount; i++) {
            String name = !plan.isUnknown() && plan.columnNames().size() == columnCount ? plan.columnNames().get(i) : "?";
            fields.add(new RowDescription.Field(name, 0, (short) 0, TEXT_OID, (short) -1, -1, (short) 0));
        }
        return plan(session, source, new RowDescription(fields));
    }

    @Override
    public void closed(SessionInfo session, SessionSummary summary) {
        sessions.remove(session.sessionId());
    }

    private PolicyEngine engineOf(SessionInfo session) {
        PolicyEngine engine = enginesByPurpose.get(session.grant().purpose());
        if (engine == null) {
            throw new IllegalStateException("no policy for purpose " + session.grant().purpose());
        }
        return engine;
    }

    private SessionState state(SessionInfo session) {
        return sessions.computeIfAbsent(session.sessionId(), id -> new SessionState());
    }
}
