package dev.phiguard.policies.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.policies.masking.Masking;
import dev.phiguard.policies.sql.AnalyzerSettings;
import dev.phiguard.policies.sql.CachingAnalyzer;
import dev.phiguard.policies.sql.SqlAnalyzer;
import dev.phiguard.policies.sql.StaticCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the decision tables do not show: protocol-level names, bounds, caching, threads and bad arguments. */
class EngineBehaviourTest {

    private static final ColumnTreatment SSN = new ColumnTreatment.Masked(DecisionFixtures.SSN_RULE, "patients.ssn");
    private final PolicyEngine engine = DecisionFixtures.engine("study-42");

    @Test
    void aBoundPortalCanBeFetchedWithItsStatementsPlan() {
        SessionState session = new SessionState();
        assertThat(engine.decide("fetch 10 from \"C_1\"", session)).isInstanceOf(Verdict.Deny.class);
        assertThat(engine.protocolPortalBound("C_1", "select ssn from patients where patient_id = $1", session))
                .isEqualTo(Verdict.ALLOW);
        assertThat(engine.decide("fetch 10 from \"C_1\"", session)).isEqualTo(Verdict.ALLOW);
        assertThat(engine.resultPlan("fetch 10 from \"C_1\"", 0, session).columns()).containsExactly(SSN);
        assertThat(engine.cursorPlan("C_1", session).orElseThrow().columns()).containsExactly(SSN);
    }

    @Test
    void aSqlPrepareCannotReplaceTheRowsOfAProtocolStatementOfTheSameName() {
        SessionState session = new SessionState();
        engine.protocolStatementPrepared("S_1", "select ssn as x from patients where patient_id = $1", session);
        // the server refuses this PREPARE (the name is taken) and keeps the statement above
        assertThat(engine.decide("prepare \"S_1\" as select 'a' as x", session)).isEqualTo(Verdict.ALLOW);
        assertThat(engine.decide("execute \"S_1\"", session)).isEqualTo(Verdict.ALLOW);
        ResultPlan plan = engine.resultPlan("execute \"S_1\"", 0, session);
        assertThat(plan.columnNames()).containsExactly("x");
        assertThat(plan.columns()).containsExactly(new ColumnTreatment.Masked(DecisionFixtures.SSN_RULE, "patients.ssn"));
    }

    @Test
    void unnamedProtocolStatementsAndPortalsAreNotRecorded() {
        SessionState session = new SessionState();
        assertThat(engine.protocolStatementPrepared("", "select 1", session)).isEqualTo(Verdict.ALLOW);
        assertThat(engine.protocolPortalBound("", "select 1", session)).isEqualTo(Verdict.ALLOW);
        assertThat(session.openCursors()).isEmpty();
        assertThat(session.preparedStatements()).isEmpty();
    }

    @Test
    void aSqlCursorIsAPortalTheProxyDidNotBind() {
        SessionState session = new SessionState();
        assertThat(engine.cursorPlan("c", session)).isEmpty();
        engine.decide("declare c cursor for select ssn, state from patients where patient_id = 1", session);
        assertThat(engine.cursorPlan("c", session).orElseThrow().columnNames()).containsExactly("ssn", "state");
        assertThat(session.openCursors()).containsExactly("c");
    }

    @Test
    void aSessionTracksABoundedNumberOfNames() {
        SessionState session = new SessionState();
        for (int i = 0; i < SessionState.MAX_NAMES; i++) {
            assertThat(engine.decide("declare c" + i + " cursor for select 1", session)).isEqualTo(Verdict.ALLOW);
        }
        Verdict verdict = engine.decide("declare one_more cursor for select 1", session);
        assertThat(verdict).isInstanceOf(Verdict.Deny.class);
        assertThat(((Verdict.Deny) verdict).rule()).isEqualTo(Rules.SESSION_LIMIT);
        // names already known can be declared again
        assertThat(engine.decide("close c0; declare c0 cursor for select 2", session)).isEqualTo(Verdict.ALLOW);
        assertThat(engine.protocolPortalBound("P_1", "select 1", session)).isInstanceOf(Verdict.Deny.class);
    }

    @Test
    void aNameIsDeclaredWithABoundedNumberOfColumnLists() {
        SessionState session = new SessionState();
        for (int i = 0; i < SessionState.MAX_SHAPES_PER_NAME; i++) {
            assertThat(engine.decide("declare c cursor for select 1 as n" + i, session)).isEqualTo(Verdict.ALLOW);
        }
        assertThat(engine.decide("declare c cursor for select 1 as n0", session)).isEqualTo(Verdict.ALLOW);
        Verdict verdict = engine.decide("declare c cursor for select 1 as too_many", session);
        assertThat(verdict).isInstanceOf(Verdict.Deny.class);
        assertThat(((Verdict.Deny) verdict).rule()).isEqualTo(Rules.SESSION_LIMIT);
    }

    @Test
    void cachedJudgementsFollowTheAnalysersInvalidation() {
        StaticCatalog before = StaticCatalog.builder()
                .table("public.patients", DecisionFixtures.PATIENT_COLUMNS)
                .view("public.patient_contacts", "select patient_id, email, phone, city, state from patients",
                        "patient_id", "email", "phone", "city", "state")
                .build();
        StaticCatalog after = StaticCatalog.builder()
                .table("public.patients", DecisionFixtures.PATIENT_COLUMNS)
                .view("public.patient_contacts", "select patient_id, state as email, phone, city, state from patients",
                        "patient_id", "email", "phone", "city", "state")
                .build();
        AtomicReference<SqlAnalyzer> current = new AtomicReference<>(SqlAnalyzer.postgres(before, AnalyzerSettings.defaults()));
        CachingAnalyzer analyzer = CachingAnalyzer.withDefaults(sql -> current.get().analyze(sql));
        PolicyEngine open = new PolicyEngine(DecisionFixtures.policy("open"), analyzer);
        String sql = "select email from patient_contacts";
        SessionState session = new SessionState();
        Masking email = new Masking.Tokenize(Masking.Tokenize.Format.EMAIL);

        assertThat(open.resultPlan(sql, 0, session).columns())
                .containsExactly(new ColumnTreatment.Masked(email, "patients.email"));
        current.set(SqlAnalyzer.postgres(after, AnalyzerSettings.defaults()));
        assertThat(open.resultPlan(sql, 0, session).columns()).as("the analyser still answers from its cache")
                .containsExactly(new ColumnTreatment.Masked(email, "patients.email"));
        analyzer.invalidateAll();
        assertThat(open.resultPlan(sql, 0, session).columns()).containsExactly(new ColumnTreatment.Clear());
    }

    @Test
    void decidesConcurrentlyWithOneEnginePerPurpose() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    SessionState session = new SessionState();
                    for (int i = 0; i < 200; i++) {
                        String cursor = "c" + thread + "_" + (i % 10);
                        String declare = "declare " + cursor + " cursor for select ssn from patients where patient_id = " + i;
                        if (!engine.decide("close all; " + declare, session).isAllowed()) {
                            return false;
                        }
                        String fetch = "fetch 1 from " + cursor;
                        if (!engine.decide(fetch, session).isAllowed()
                                || !engine.resultPlan(fetch, 0, session).columns().equals(List.of(SSN))
                                || !(engine.decide("select p from patients p", session) instanceof Verdict.Deny)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPlanOfAStatementThatIsNotThereIsUnknown() {
        SessionState session = new SessionState();
        assertThat(engine.resultPlan("select 1", 1, session).isUnknown()).isTrue();
        assertThat(engine.resultPlan("select 1", -1, session).isUnknown()).isTrue();
        assertThat(engine.resultPlan("fetch 1 from nowhere", 0, session).isUnknown()).isTrue();
        assertThat(engine.resultPlan("execute nowhere", 0, session).isUnknown()).isTrue();
    }

    @Test
    void refusesNullArguments() {
        SessionState session = new SessionState();
        assertThatThrownBy(() -> engine.decide(null, session)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> engine.decide("select 1", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> engine.resultPlan(null, 0, session)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new PolicyEngine(null, DecisionFixtures.ANALYZER)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Verdict.Deny(null, "x")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void messagesNameNoLiteralOfTheStatement() {
        SessionState session = new SessionState();
        String[] statements = {
            "select ssn from patients where ssn = '123-45-6789' and md5(ssn) = 'x'",
            "set search_path = 'secret-123-45-6789'",
            "copy (select '123-45-6789') to '/tmp/123-45-6789'",
            "select 1; drop table patients; select '123-45-6789'",
            "select '123-45-6789' from pg_stats"};
        for (String sql : statements) {
            Verdict verdict = engine.decide(sql, session);
            assertThat(verdict).as(sql).isInstanceOf(Verdict.Deny.class);
            assertThat(((Verdict.Deny) verdict).message()).as(sql).doesNotContain("6789");
        }
    }

    @Test
    void badInputIsDeniedNeverThrown() {
        SessionState session = new SessionState();
        String[] inputs = {
            "\0", "select \0 from patients", "((((((((((", "select " + "(".repeat(200) + "1" + ")".repeat(200),
            "select 1 from patients where " + "patient_id = 1 or ".repeat(5000) + "true", "$$", "/* unterminated",
            "fetch", "declare", "prepare", "execute", "close", "copy", "explain", "select;select from;"};
        for (String sql : inputs) {
            assertThat(engine.decide(sql, session)).as(sql).isInstanceOf(Verdict.Deny.class);
            assertThat(engine.resultPlan(sql, 0, session).isUnknown()).as(sql).isTrue();
        }
        String longFilter = "select ssn from patients where " + "patient_id = 1 or ".repeat(200) + "true";
        assertThat(engine.decide(longFilter, session)).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void decisionsSeeOnlyTheNeutralFacts() throws java.io.IOException {
        java.nio.file.Path sources = java.nio.file.Path.of("src", "main", "java", "dev", "phiguard", "policies", "decision");
        try (var files = java.nio.file.Files.list(sources)) {
            List<java.nio.file.Path> all = files.toList();
            assertThat(all).isNotEmpty();
            for (java.nio.file.Path file : all) {
                assertThat(java.nio.file.Files.readString(file)).as(file.toString())
                        .doesNotContain("net.sf.jsqlparser").doesNotContain("policies.sql.jsqlparser")
                        .doesNotContain("policies.sql.lex");
            }
        }
    }

    @Test
    void theEngineKnowsItsPolicy() {
        assertThat(engine.policy().purpose()).isEqualTo("study-42");
        assertThat(engine.toString()).contains("study-42");
    }
}
