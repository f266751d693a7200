package dev.phiguard.policies.decision;

import static dev.phiguard.policies.decision.DecisionFixtures.MRN_RULE;
import static dev.phiguard.policies.decision.DecisionFixtures.REDACT;
import static dev.phiguard.policies.decision.DecisionFixtures.SSN_RULE;
import static dev.phiguard.policies.decision.Expect.allow;
import static dev.phiguard.policies.decision.Expect.deny;
import static dev.phiguard.policies.decision.Expect.hold;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sequences of strings decided on one session: cursors (DECLARE, FETCH, MOVE, CLOSE), server-side prepared
 * statements (PREPARE, EXECUTE, DEALLOCATE), DISCARD, and strings that declare and use a name at once. Every step
 * states its verdict and the plan of one of its statements.
 */
class SessionCasesTest {

    private static final String S = "study-42";

    /** One string of a sequence and what it must give. */
    record Step(String sql, Expect expected) {
        @Override
        public String toString() {
            return sql + " -> " + expected;
        }
    }

    @ParameterizedTest(name = "[{index}] {0}: {2}")
    @MethodSource("cases")
    void decidesInOrder(String family, String purpose, List<Step> steps) {
        PolicyEngine engine = DecisionFixtures.engine(purpose);
        SessionState session = new SessionState();
        for (Step step : steps) {
            try {
                step.expected().verifyVerdict(engine.decide(step.sql(), session));
                step.expected().verifyPlan(engine.resultPlan(step.sql(), step.expected().statement(), session));
            } catch (AssertionError e) {
                throw new AssertionError("at step <" + step.sql() + ">: " + e.getMessage(), e);
            }
        }
    }

    private static Arguments c(String family, String purpose, Step... steps) {
        return Arguments.of(family, purpose, List.of(steps));
    }

    private static Step s(String sql, Expect expected) {
        return new Step(sql, expected);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                c("cursor", S,
                        s("declare c cursor for select ssn, state from patients where patient_id < 5", allow().noRows()),
                        s("fetch 10 from c", allow().masked("ssn", SSN_RULE, "patients.ssn").clear("state")),
                        s("fetch next c", allow().masked("ssn", SSN_RULE, "patients.ssn").clear("state")),
                        s("move next in c", allow().noRows()),
                        s("close c", allow().noRows()),
                        s("fetch 10 from c", deny(Rules.SESSION_CURSOR).masked("ssn", SSN_RULE, "patients.ssn").clear("state"))),
                c("cursor over a cast", S,
                        s("declare c cursor for select ssn::text as s, upper(first_name) from patients where patient_id < 5",
                                allow().noRows()),
                        s("fetch all from c", allow().suppressed("s", "upper"))),
                c("cursor over a CTE and a union", S,
                        s("declare c cursor for with x as (select mrn from patients where patient_id = 1) "
                                + "select mrn from x union all select mrn from patients where patient_id = 2", allow().noRows()),
                        s("fetch forward 5 from c", allow().masked("mrn", MRN_RULE, "patients.mrn"))),
                c("binary cursor", S,
                        s("declare c binary cursor for select mrn from patients where patient_id = 1", allow().noRows()),
                        s("fetch 1 from c", allow().masked("mrn", MRN_RULE, "patients.mrn"))),
                c("quoted cursor name", S,
                        s("declare \"Cur\" cursor for select ssn from patients where patient_id = 1", allow().noRows()),
                        s("fetch 1 from cur", deny(Rules.SESSION_CURSOR).unknownPlan()),
                        s("fetch 1 from \"Cur\"", allow().masked("ssn", SSN_RULE, "patients.ssn"))),
                c("re-declared with the same column names: the stricter plan", S,
                        s("declare c cursor for select ssn as x from patients where patient_id = 1", allow().noRows()),
                        s("close c", allow().noRows()),
                        s("declare c cursor for select 'a' as x", allow().noRows()),
                        s("fetch all from c", allow().masked("x", SSN_RULE, "patients.ssn"))),
                c("re-declared with two masking rules: suppressed", S,
                        s("declare c cursor for select ssn as x from patients where patient_id = 1", allow().noRows()),
                        s("close c", allow().noRows()),
                        s("declare c cursor for select mrn as x from patients where patient_id = 1", allow().noRows()),
                        s("fetch all from c", allow().suppressed("x"))),
                c("re-declared with other column names: the latest plan", S,
                        s("declare c cursor for select ssn from patients where patient_id = 1", allow().noRows()),
                        s("close c", allow().noRows()),
                        s("declare c cursor for select state from patients where patient_id = 1", allow().noRows()),
                        s("fetch all from c", allow().clear("state"))),
                c("declared and fetched in one string", S,
                        s("declare c cursor for select mrn from patients where patient_id = 1; fetch 5 from c",
                                allow().plan(1).masked("mrn", MRN_RULE, "patients.mrn")),
                        s("fetch 5 from c", allow().masked("mrn", MRN_RULE, "patients.mrn"))),
                c("a denied string declares nothing", S,
                        s("declare c cursor for select mrn from patients where patient_id = 1; drop table patients",
                                deny(Rules.STATEMENTS).saying("statement 2 of 2").plan(0).noRows()),
                        s("fetch 5 from c", deny(Rules.SESSION_CURSOR).unknownPlan())),
                c("a held DECLARE declares the cursor", S,
                        s("declare c cursor for select ssn from patients", hold(Rules.HOLD_NO_WHERE).noRows()),
                        s("fetch 5 from c", allow().masked("ssn", SSN_RULE, "patients.ssn"))),
                c("a denied DECLARE declares nothing", S,
                        s("declare c cursor for select p from patients p where patient_id = 1", deny(Rules.WHOLE_ROW).noRows()),
                        s("fetch 5 from c", deny(Rules.SESSION_CURSOR).unknownPlan())),
                c("the plan of a FETCH is the one it was decided with", S,
                        s("declare c cursor for select ssn from patients where patient_id = 1", allow().noRows()),
                        s("fetch 1 from c; close c; declare c cursor for select state from patients where patient_id = 1",
                                allow().plan(0).masked("ssn", SSN_RULE, "patients.ssn")),
                        s("fetch 1 from c", allow().clear("state"))),
                c("close all", S,
                        s("declare a cursor for select ssn from patients where patient_id = 1", allow().noRows()),
                        s("declare b cursor for select mrn from patients where patient_id = 1", allow().noRows()),
                        s("close all", allow().noRows()),
                        s("fetch 1 from a", deny(Rules.SESSION_CURSOR).masked("ssn", SSN_RULE, "patients.ssn")),
                        s("move 1 in b", deny(Rules.SESSION_CURSOR).noRows()),
                        s("close b", allow().noRows())),
                c("close all then declare in one string", S,
                        s("declare a cursor for select ssn from patients where patient_id = 1", allow().noRows()),
                        s("close all; declare b cursor for select mrn from patients where patient_id = 1", allow().noRows()),
                        s("fetch 1 from a", deny(Rules.SESSION_CURSOR).masked("ssn", SSN_RULE, "patients.ssn")),
                        s("fetch 1 from b", allow().masked("mrn", MRN_RULE, "patients.mrn"))),
                c("discard all", S,
                        s("declare c cursor for select ssn from patients where patient_id = 1", allow().noRows()),
                        s("prepare q as select ssn from patients where patient_id = 1", allow().noRows()),
                        s("discard all", allow().noRows()),
                        s("fetch 1 from c", deny(Rules.SESSION_CURSOR).masked("ssn", SSN_RULE, "patients.ssn")),
                        s("execute q", deny(Rules.SESSION_PREPARED).masked("ssn", SSN_RULE, "patients.ssn"))),
                c("prepare and execute", S,
                        s("prepare q(int) as select ssn, first_name from patients where patient_id = $1", allow().noRows()),
                        s("execute q(1)", allow().masked("ssn", SSN_RULE, "patients.ssn")
                                .masked("first_name", REDACT, "patients.first_name")),
                        s("explain execute q(1)", allow().suppressed("QUERY PLAN")),
                        s("deallocate q", allow().noRows()),
                        s("execute q(1)", deny(Rules.SESSION_PREPARED).masked("ssn", SSN_RULE, "patients.ssn")
                                .masked("first_name", REDACT, "patients.first_name"))),
                c("prepared derivation", S,
                        s("prepare q as select upper(first_name), state from patients where patient_id = 1", allow().noRows()),
                        s("execute q", allow().suppressed("upper").clear("state"))),
                c("execute with a sub-query argument", S,
                        s("prepare q(text) as select $1 as v", allow().noRows()),
                        s("execute q('x')", allow().clear("v")),
                        s("execute q((select ssn from patients where patient_id = 1))", deny(Rules.ANALYSIS).clear("v"))),
                c("prepared in the same string", S,
                        s("prepare q as select mrn from patients where patient_id = 1; execute q",
                                allow().plan(1).masked("mrn", MRN_RULE, "patients.mrn"))),
                c("deallocate all", S,
                        s("prepare a as select 1", allow().noRows()),
                        s("prepare b as select 2", allow().noRows()),
                        s("deallocate all", allow().noRows()),
                        s("execute a", deny(Rules.SESSION_PREPARED).clear("?column?")),
                        s("execute b", deny(Rules.SESSION_PREPARED).clear("?column?"))),
                c("prepared write under a writer policy", "writer",
                        s("prepare ins as insert into research.cohorts (patient_id, label) values ($1, $2)", allow().noRows()),
                        s("execute ins(1, 'a')", allow().noRows()),
                        s("prepare hel as delete from encounters where encounter_id = $1", hold(Rules.HOLD_ANY_WRITE).noRows()),
                        s("execute hel(1)", allow().noRows())),
                c("cursor under a hold policy", "holds",
                        s("declare c cursor for select encounter_id from encounters where patient_id = 1", allow().noRows()),
                        s("fetch 10 from c", allow().clear("encounter_id")),
                        s("fetch all from c", allow().clear("encounter_id"))),
                c("COPY of a cursor is not possible, COPY of a query is planned", S,
                        s("declare c cursor for select ssn from patients where patient_id = 1", allow().noRows()),
                        s("copy (select mrn from patients where patient_id = 1) to stdout",
                                allow().masked("mrn", MRN_RULE, "patients.mrn"))));
    }
}
