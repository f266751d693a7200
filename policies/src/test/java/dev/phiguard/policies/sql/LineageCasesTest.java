package dev.phiguard.policies.sql;

import static dev.phiguard.policies.sql.Expect.allPatientColumns;
import static dev.phiguard.policies.sql.Expect.cols;
import static dev.phiguard.policies.sql.Expect.constant;
import static dev.phiguard.policies.sql.Expect.derived;
import static dev.phiguard.policies.sql.Expect.direct;
import static dev.phiguard.policies.sql.Expect.select;
import static dev.phiguard.policies.sql.Expect.unknown;
import static dev.phiguard.policies.sql.Expect.wholeRow;
import static dev.phiguard.policies.sql.Fixtures.PATIENT_COLUMNS;
import static dev.phiguard.policies.sql.Fixtures.VISIT_COLUMNS;
import static dev.phiguard.policies.sql.Fixtures.star;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bypass families of invariant 1, one row per statement: where every output column comes from,
 * and which tables and functions the statement touches. Each row asserts the exact facts.
 */
class LineageCasesTest {

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("cases")
    void factsMatch(String family, String sql, Expect expected) {
        expected.verify(Fixtures.single(sql));
    }

    private static Arguments c(String family, String sql, Expect expected) {
        return Arguments.of(family, sql, expected);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // plain references and aliases keep the column Direct
                c("direct", "select ssn from patients", select().reads("patients").out("ssn", direct("patients.ssn"))),
                c("alias", "select ssn as s from patients", select().reads("patients").out("s", direct("patients.ssn"))),
                c("alias", "select p.ssn from patients p", select().reads("patients").out("ssn", direct("patients.ssn"))),
                c("alias", "select p.ssn as \"SSN\" from patients p", select().reads("patients").out("SSN", direct("patients.ssn"))),
                c("alias", "select patients.ssn from patients", select().reads("patients").out("ssn", direct("patients.ssn"))),
                c("alias", "select public.patients.ssn from patients", select().reads("patients").out("ssn", direct("patients.ssn"))),
                c("alias", "SELECT PATIENTS.SSN FROM PUBLIC.PATIENTS", select().reads("patients").out("ssn", direct("patients.ssn"))),
                c("alias", "select \"ssn\" from \"patients\"", select().reads("patients").out("ssn", direct("patients.ssn"))),
                c("alias", "select (ssn) from patients", select().reads("patients").out("ssn", direct("patients.ssn"))),
                c("alias", "select ((p.ssn)) as x from patients p", select().reads("patients").out("x", direct("patients.ssn"))),
                c("alias", "select x from patients as p(a, b, x)", select().reads("patients").out("x", direct("patients.ssn"))),
                c("alias", "select a.ssn, b.mrn from patients a join patients b on a.id = b.id",
                        select().reads("patients").out("ssn", direct("patients.ssn")).out("mrn", direct("patients.mrn"))),

                // a cast is not a plain reference
                c("cast", "select ssn::text from patients", select().reads("patients").out("ssn", derived("patients.ssn"))),
                c("cast", "select cast(ssn as varchar(11)) from patients", select().reads("patients").out("ssn", derived("patients.ssn"))),
                c("cast", "select ssn::text::varchar as s from patients", select().reads("patients").out("s", derived("patients.ssn"))),
                c("cast", "select ssn collate \"C\" from patients", select().reads("patients").out("ssn", derived("patients.ssn"))),
                c("cast", "select p.ssn::bytea from patients p", select().reads("patients").out("ssn", derived("patients.ssn"))),
                c("cast", "select 'x'::text", select().out("text", constant())),
                c("cast", "select $1::int", select().out("int4", constant())),

                // expressions and string functions
                c("function", "select substr(ssn, 1, 3) from patients",
                        select().reads("patients").fns("substr").out("substr", derived("patients.ssn", "substr"))),
                c("function", "select lower(ssn), upper(first_name) from patients", select().reads("patients").fns("lower", "upper")
                        .out("lower", derived("patients.ssn", "lower")).out("upper", derived("patients.first_name", "upper"))),
                c("concatenation", "select ssn || '' from patients", select().reads("patients").out("?column?", derived("patients.ssn"))),
                c("concatenation", "select concat(ssn, '-', mrn) from patients", select().reads("patients").fns("concat")
                        .out("concat", derived(cols("patients.ssn", "patients.mrn"), "concat"))),
                c("function", "select format('%s', ssn) from patients",
                        select().reads("patients").fns("format").out("format", derived("patients.ssn", "format"))),
                c("function", "select regexp_replace(ssn, '-', '', 'g') from patients", select().reads("patients")
                        .fns("regexp_replace").out("regexp_replace", derived("patients.ssn", "regexp_replace"))),
                c("function", "select overlay(ssn placing 'xxx' from 1 for 3) from patients",
                        select().reads("patients").fns("overlay").out("overlay", derived("patients.ssn", "overlay"))),
                c("function", "select translate(ssn, '0123456789', 'abcdefghij') from patients",
                        select().reads("patients").fns("translate").out("translate", derived("patients.ssn", "translate"))),
                c("function", "select left(ssn, 3), right(ssn, 4) from patients", select().reads("patients").fns("left", "right")
                        .out("left", derived("patients.ssn", "left")).out("right", derived("patients.ssn", "right"))),
                c("function", "select substring(ssn from 8 for 4) from patients",
                        select().reads("patients").fns("substring").out("substring", derived("patients.ssn", "substring"))),
                c("function", "select trim(ssn) from patients",
                        select().reads("patients").fns("trim").out("btrim", derived("patients.ssn", "trim"))),
                c("function", "select position('-' in ssn) from patients",
                        select().reads("patients").fns("position").out("position", derived("patients.ssn", "position"))),
                c("function", "select md5(ssn) from patients", select().reads("patients").fns("md5").out("md5", derived("patients.ssn", "md5"))),
                c("function", "select encode(convert_to(ssn, 'UTF8'), 'base64') from patients", select().reads("patients")
                        .fns("encode", "convert_to").out("encode", derived("patients.ssn", "encode", "convert_to"))),
                c("expression", "select ssn ~ '^9' from patients", select().reads("patients").out("?column?", derived("patients.ssn"))),
                c("expression", "select relname from pg_catalog.pg_class c where c.relname operator(pg_catalog.~) '^(patients)$'",
                        select().reads("pg_catalog.pg_class").out("relname", direct("pg_catalog.pg_class.relname")).withoutWhere()),
                c("expression", "select ssn operator(pg_catalog.||) 'x' from patients",
                        select().reads("patients").out("?column?", derived("patients.ssn"))),
                c("expression", "select length(ssn) + 1 as n from patients",
                        select().reads("patients").fns("length").out("n", derived("patients.ssn", "length"))),
                c("function", "select pg_catalog.lower(ssn) from patients", select().reads("patients").fns("pg_catalog.lower")
                        .out("lower", derived("patients.ssn", "pg_catalog.lower"))),
                c("subscript", "select (array[ssn, mrn])[1] from patients",
                        select().reads("patients").out("array", derived(cols("patients.ssn", "patients.mrn")))),
                c("expression", "select to_char(dob, 'YYYY'), extract(year from dob) from patients", select().reads("patients")
                        .fns("to_char", "extract").out("to_char", derived("patients.dob", "to_char"))
                        .out("extract", derived("patients.dob", "extract"))),

                // CASE, COALESCE, NULLIF, GREATEST: conditions count as sources
                c("case", "select case when ssn like '9%' then 'a' else 'b' end from patients",
                        select().reads("patients").out("case", derived("patients.ssn"))),
                c("case", "select case ssn when '1' then first_name end as c from patients",
                        select().reads("patients").out("c", derived(cols("patients.ssn", "patients.first_name")))),
                c("coalesce", "select coalesce(ssn, mrn) from patients", select().reads("patients").fns("coalesce")
                        .out("coalesce", derived(cols("patients.ssn", "patients.mrn"), "coalesce"))),
                c("coalesce", "select nullif(ssn, '') from patients",
                        select().reads("patients").fns("nullif").out("nullif", derived("patients.ssn", "nullif"))),
                c("coalesce", "select greatest(ssn, mrn), least(ssn, 'x') from patients", select().reads("patients")
                        .fns("greatest", "least").out("greatest", derived(cols("patients.ssn", "patients.mrn"), "greatest"))
                        .out("least", derived("patients.ssn", "least"))),

                // aggregates
                c("aggregate", "select string_agg(ssn, ',') from patients",
                        select().reads("patients").fns("string_agg").out("string_agg", derived("patients.ssn", "string_agg"))),
                c("aggregate", "select array_agg(ssn order by dob) from patients", select().reads("patients").fns("array_agg")
                        .out("array_agg", derived(cols("patients.ssn", "patients.dob"), "array_agg"))),
                c("aggregate", "select min(ssn), max(ssn) from patients", select().reads("patients").fns("min", "max")
                        .out("min", derived("patients.ssn", "min")).out("max", derived("patients.ssn", "max"))),
                c("aggregate", "select json_agg(ssn) from patients",
                        select().reads("patients").fns("json_agg").out("json_agg", derived("patients.ssn", "json_agg"))),
                c("aggregate", "select jsonb_agg(p) from patients p",
                        select().reads("patients").fns("jsonb_agg").out("jsonb_agg", wholeRow("patients"))),
                c("aggregate", "select count(*) from patients", select().reads("patients").fns("count").out("count", derived(cols(), "count"))),
                c("aggregate", "select count(distinct ssn) from patients",
                        select().reads("patients").fns("count").out("count", derived("patients.ssn", "count"))),
                c("aggregate", "select count(*) filter (where ssn like '9%') from patients",
                        select().reads("patients").fns("count").out("count", derived("patients.ssn", "count"))),
                c("aggregate", "select last_name, count(*) from patients group by last_name", select().reads("patients").fns("count")
                        .out("last_name", direct("patients.last_name")).out("count", derived(cols(), "count"))),
                c("aggregate", "select percentile_cont(0.5) within group (order by dob) from patients", select().reads("patients")
                        .fns("percentile_cont").out("percentile_cont", derived("patients.dob", "percentile_cont"))),

                // window functions: partition and order keys count as sources
                c("window", "select first_value(ssn) over (partition by last_name order by dob) from patients",
                        select().reads("patients").fns("first_value").out("first_value",
                                derived(cols("patients.ssn", "patients.last_name", "patients.dob"), "first_value"))),
                c("window", "select lag(ssn) over (order by id) from patients", select().reads("patients").fns("lag")
                        .out("lag", derived(cols("patients.ssn", "patients.id"), "lag"))),
                c("window", "select lag(ssn) over w from patients window w as (order by dob)", select().reads("patients").fns("lag")
                        .out("lag", derived(cols("patients.ssn", "patients.dob"), "lag"))),
                c("window", "select row_number() over (order by ssn) from patients",
                        select().reads("patients").fns("row_number").out("row_number", derived("patients.ssn", "row_number"))),
                c("window", "select nth_value(ssn, 2) over () from patients",
                        select().reads("patients").fns("nth_value").out("nth_value", derived("patients.ssn", "nth_value"))),
                c("window", "select max(ssn) over (partition by id) as m from patients",
                        select().reads("patients").fns("max").out("m", derived(cols("patients.ssn", "patients.id"), "max"))),

                // row and JSON constructors, whole-row references
                c("whole row", "select row_to_json(p) from patients p",
                        select().reads("patients").fns("row_to_json").out("row_to_json", wholeRow("patients"))),
                c("whole row", "select to_jsonb(p) from patients p",
                        select().reads("patients").fns("to_jsonb").out("to_jsonb", wholeRow("patients"))),
                c("whole row", "select to_jsonb(p.*) from patients p",
                        select().reads("patients").fns("to_jsonb").out("to_jsonb", wholeRow("patients"))),
                c("whole row", "select p from patients p", select().reads("patients").out("p", wholeRow("patients"))),
                c("whole row", "select p::text from patients p", select().reads("patients").out("p", wholeRow("patients"))),
                c("whole row", "select patients from patients", select().reads("patients").out("patients", wholeRow("patients"))),
                c("whole row", "select md5(p::text) from patients p", select().reads("patients").fns("md5").out("md5", wholeRow("patients"))),
                c("whole row", "select json_agg(p) || '' from patients p",
                        select().reads("patients").fns("json_agg").out("?column?", wholeRow("patients"))),
                c("whole row", "select row_to_json(p) || ssn from patients p", select().reads("patients").fns("row_to_json")
                        .out("?column?", derived(allPatientColumns(), "row_to_json"))),
                c("whole row", "select ssn(p) from patients p", select().reads("patients").fns("ssn").out("ssn", wholeRow("patients"))),
                c("json", "select json_build_object('s', ssn) from patients", select().reads("patients").fns("json_build_object")
                        .out("json_build_object", derived("patients.ssn", "json_build_object"))),
                c("json", "select jsonb_build_object('s', ssn, 'm', mrn) from patients", select().reads("patients")
                        .fns("jsonb_build_object").out("jsonb_build_object",
                                derived(cols("patients.ssn", "patients.mrn"), "jsonb_build_object"))),
                c("json", "select to_json(ssn) from patients", select().reads("patients").fns("to_json").out("to_json", derived("patients.ssn", "to_json"))),
                c("row", "select row(ssn)::text from patients", select().reads("patients").out("row", derived("patients.ssn"))),
                c("row", "select row_to_json(row(ssn, mrn)) from patients", select().reads("patients").fns("row_to_json")
                        .out("row_to_json", derived(cols("patients.ssn", "patients.mrn"), "row_to_json"))),
                c("row", "select (ssn, mrn) as r from patients", select().reads("patients").out("r", derived(cols("patients.ssn", "patients.mrn")))),
                c("field", "select (p).ssn from patients p", select().reads("patients").out("ssn", direct("patients.ssn"))),
                c("array", "select array[ssn] from patients", select().reads("patients").out("array", derived("patients.ssn"))),
                c("array", "select array(select ssn from patients)", select().reads("patients").out("array", derived("patients.ssn"))),
                c("whole row", "select row_to_json(t) from (select id, ssn from patients) t", select().reads("patients").fns("row_to_json")
                        .out("row_to_json", derived(cols("patients.id", "patients.ssn"), "row_to_json"))),
                c("whole row", "select t from (select ssn from patients) t", select().reads("patients").out("t", derived("patients.ssn"))),

                // scalar sub-queries in the select list
                c("scalar sub-query", "select (select ssn from patients limit 1)", select().reads("patients").out("ssn", direct("patients.ssn"))),
                c("scalar sub-query", "select (select max(ssn) from patients) as m",
                        select().reads("patients").fns("max").out("m", derived("patients.ssn", "max"))),
                c("scalar sub-query", "select id, (select diagnosis from visits v where v.patient_id = p.id limit 1) from patients p",
                        select().reads("patients", "visits").out("id", direct("patients.id")).out("diagnosis", direct("visits.diagnosis"))),
                c("scalar sub-query", "select (select ssn from patients limit 1) || 'x'",
                        select().reads("patients").out("?column?", derived("patients.ssn"))),
                c("scalar sub-query", "select exists(select 1 from visits where diagnosis like 'F%')",
                        select().reads("visits").out("exists", derived("visits.diagnosis"))),
                c("scalar sub-query", "select id in (select patient_id from visits) from patients",
                        select().reads("patients", "visits").out("?column?", derived(cols("patients.id", "visits.patient_id")))),
                c("scalar sub-query", "select (select p2.ssn from patients p2 where p2.id = p.id) as s from patients p",
                        select().reads("patients").out("s", direct("patients.ssn"))),

                // derived tables
                c("derived table", "select s from (select ssn as s from patients) t", select().reads("patients").out("s", direct("patients.ssn"))),
                c("derived table", "select t.* from (select ssn, dob from patients) t",
                        select().reads("patients").out("ssn", direct("patients.ssn")).out("dob", direct("patients.dob"))),
                c("derived table", "select * from (select lower(ssn) as l from patients) t",
                        select().reads("patients").fns("lower").out("l", derived("patients.ssn", "lower"))),
                c("derived table", "select x from (select ssn from patients) t(x)", select().reads("patients").out("x", direct("patients.ssn"))),
                c("derived table", "select * from (select * from (select ssn from patients) a) b",
                        select().reads("patients").out("ssn", direct("patients.ssn"))),
                c("derived table", "select upper(l) from (select lower(ssn) as l from patients) t", select().reads("patients")
                        .fns("lower", "upper").out("upper", derived("patients.ssn", "lower", "upper"))),

                // common table expressions
                c("cte", "with c as (select ssn as s from patients) select s from c", select().reads("patients").out("s", direct("patients.ssn"))),
                c("cte", "with c(x) as (select ssn from patients) select x from c", select().reads("patients").out("x", direct("patients.ssn"))),
                c("cte", "with a as (select ssn from patients), b as (select ssn as t from a) select t from b",
                        select().reads("patients").out("t", direct("patients.ssn"))),
                c("cte shadows a table", "with patients as (select 'x' as ssn) select ssn from patients", select().out("ssn", constant())),
                c("cte shadows a table", "with patients as (select 'x' as ssn) select ssn from public.patients",
                        select().reads("patients").out("ssn", direct("patients.ssn"))),
                c("cte shadows a table", "with visits as (select ssn as diagnosis from patients) select diagnosis from visits",
                        select().reads("patients").out("diagnosis", direct("patients.ssn"))),
                c("recursive cte", "with recursive r(n, s) as (select 1, ssn from patients union all select n + 1, s from r where n < 3) "
                        + "select n, s from r", select().reads("patients").out("n", constant()).out("s", direct("patients.ssn"))),
                c("recursive cte", "with recursive r(s) as (select ssn from patients union all select lower(s) from r) select s from r",
                        select().reads("patients").fns("lower").out("s", derived("patients.ssn", "lower"))),
                c("nested cte", "with x as (select 1 as a) select * from (with x as (select ssn as a from patients) select a from x) y",
                        select().reads("patients").out("a", direct("patients.ssn"))),
                c("nested cte", "with c as (select ssn from patients) select (select ssn from c limit 1)",
                        select().reads("patients").out("ssn", direct("patients.ssn"))),
                c("cte", "with c as materialized (select ssn from patients) select * from c",
                        select().reads("patients").out("ssn", direct("patients.ssn"))),
                c("cte", "with c as (select * from patients) select row_to_json(c) from c", select().reads("patients").fns("row_to_json")
                        .out("row_to_json", derived(allPatientColumns(), "row_to_json"))),

                // set operations: each column derives from the matching column of every branch
                c("union", "select ssn from patients union select diagnosis from visits", select().reads("patients", "visits")
                        .out("ssn", derived(cols("patients.ssn", "visits.diagnosis")))),
                c("union", "select ssn from patients union all select ssn from patients",
                        select().reads("patients").out("ssn", direct("patients.ssn"))),
                c("intersect", "select ssn from patients intersect select mrn from patients",
                        select().reads("patients").out("ssn", derived(cols("patients.ssn", "patients.mrn")))),
                c("except", "select ssn from patients except select 'x'", select().reads("patients").out("ssn", derived("patients.ssn"))),
                c("union", "select id, ssn from patients union select id, name from staff", select().reads("patients", "staff")
                        .out("id", derived(cols("patients.id", "staff.id")))
                        .out("ssn", derived(cols("patients.ssn", "staff.name")))),
                c("union", "select 'a' as k union select 'b'", select().out("k", constant())),
                c("union", "select s from (select ssn as s from patients union select notes from visits) u",
                        select().reads("patients", "visits").out("s", derived(cols("patients.ssn", "visits.notes")))),

                // SELECT * and t.*
                c("star", "select * from patients", select().reads("patients").out(star("patients", PATIENT_COLUMNS))),
                c("star", "select p.* from patients p", select().reads("patients").out(star("patients", PATIENT_COLUMNS))),
                c("star", "select * from patients p join visits v on v.patient_id = p.id", select().reads("patients", "visits")
                        .out(star("patients", PATIENT_COLUMNS)).out(star("visits", VISIT_COLUMNS))),
                c("star", "select v.*, p.ssn from patients p join visits v on v.patient_id = p.id", select().reads("patients", "visits")
                        .out(star("visits", VISIT_COLUMNS)).out("ssn", direct("patients.ssn"))),
                c("star", "select * from patients join visits using (id)", select().reads("patients", "visits")
                        .out(star("patients", PATIENT_COLUMNS))
                        .out(star("visits", "patient_id", "visit_date", "diagnosis", "notes"))),
                c("star", "select * from patients natural join visits", select().reads("patients", "visits")
                        .out(star("patients", "id", "notes", "mrn", "ssn", "first_name", "last_name", "dob", "email", "phone"))
                        .out(star("visits", "patient_id", "visit_date", "diagnosis"))),
                c("star", "table patients", select().reads("patients").out(star("patients", PATIENT_COLUMNS))),
                c("star", "select * from patients, staff", select().reads("patients", "staff")
                        .out(star("patients", PATIENT_COLUMNS)).out(star("staff", "id", "name", "role"))),
                c("star", "select * from (patients p join visits v on v.patient_id = p.id)", select().reads("patients", "visits")
                        .out(star("patients", PATIENT_COLUMNS)).out(star("visits", VISIT_COLUMNS))),

                // views resolve to their base columns
                c("view", "select * from patient_names", select().reads("patient_names", "patients")
                        .out(star("patients", "id", "first_name", "last_name"))),
                c("view", "select last4 from ssn_last4",
                        select().reads("ssn_last4", "patients").fns("right").out("last4", derived("patients.ssn", "right"))),
                c("view", "select * from nested_view", select().reads("nested_view", "ssn_last4", "patients").fns("right")
                        .out("id", direct("patients.id")).out("last4", derived("patients.ssn", "right"))),
                c("view", "select visits from visit_counts", select().reads("visit_counts", "patients", "visits").fns("count")
                        .out("visits", derived("visits.id", "count"))),
                c("view", "select * from star_view", select().reads("star_view", "patients").out(star("patients", PATIENT_COLUMNS))),
                c("view", "select row_to_json(v) from patient_names v", select().reads("patient_names", "patients").fns("row_to_json")
                        .out("row_to_json", derived(cols("patients.id", "patients.first_name", "patients.last_name"), "row_to_json"))),
                c("view", "select n.first_name from patient_names n join visits v on v.patient_id = n.id",
                        select().reads("patient_names", "patients", "visits").out("first_name", direct("patients.first_name"))),
                c("view", "select * from broken_view", select().reads("broken_view").out("nonsense", unknown()).unresolved()),
                c("view", "select * from self_view", select().reads("self_view").out("x", unknown()).unresolved()),
                c("view", "select * from mismatch_view",
                        select().reads("mismatch_view", "patients").out("id", unknown()).out("extra", unknown()).unresolved()),

                // VALUES
                c("values", "values (1, 'a'), (2, 'b')", select().out("column1", constant()).out("column2", constant())),
                c("values", "select * from (values (1, 'a')) v(n, s)", select().out("n", constant()).out("s", constant())),
                c("values", "select * from (values ((select ssn from patients limit 1))) v(s)",
                        select().reads("patients").out("s", direct("patients.ssn"))),
                c("values", "values (1), ((select max(ssn) from patients))",
                        select().reads("patients").fns("max").out("column1", derived("patients.ssn", "max"))),

                // LATERAL and functions in FROM
                c("lateral", "select u.s from patients p, lateral (select p.ssn as s) u",
                        select().reads("patients").out("s", direct("patients.ssn"))),
                c("lateral", "select x from patients p cross join lateral (select lower(p.ssn) as x) l",
                        select().reads("patients").fns("lower").out("x", derived("patients.ssn", "lower"))),
                c("lateral", "select v from patients p, unnest(array[p.ssn, p.mrn]) v", select().reads("patients").fns("unnest")
                        .out("v", derived(cols("patients.ssn", "patients.mrn"), "unnest"))),
                c("lateral", "select g from generate_series(1, 3) g",
                        select().fns("generate_series").out("g", derived(cols(), "generate_series"))),
                c("lateral", "select d.diagnosis from patients p join lateral "
                        + "(select diagnosis from visits v where v.patient_id = p.id limit 1) d on true",
                        select().reads("patients", "visits").out("diagnosis", direct("visits.diagnosis"))),
                c("lateral", "select * from generate_series(1, 2) with ordinality as g(n, o)", select().fns("generate_series")
                        .out("n", derived(cols(), "generate_series")).out("o", derived(cols(), "generate_series"))),

                // functions that take SQL text or reach outside: listed for the policy's allow-list
                c("outside", "select dblink('dbname=x', 'select ssn from patients')",
                        select().fns("dblink").out("dblink", derived(cols(), "dblink"))),
                c("outside", "select * from dblink('dbname=x', 'select ssn from patients') as t(ssn text)",
                        select().fns("dblink").out("ssn", derived(cols(), "dblink"))),
                c("outside", "select query_to_xml('select * from patients', true, false, '')",
                        select().fns("query_to_xml").out("query_to_xml", derived(cols(), "query_to_xml"))),
                c("outside", "select pg_read_file('/etc/passwd')", select().fns("pg_read_file").out("pg_read_file", derived(cols(), "pg_read_file"))),
                c("outside", "select lo_import('/etc/passwd')", select().fns("lo_import").out("lo_import", derived(cols(), "lo_import"))),
                c("outside", "select * from pg_ls_dir('.') f", select().fns("pg_ls_dir").out("f", derived(cols(), "pg_ls_dir"))),
                c("outside", "select current_setting('search_path'), set_config('search_path', 'evil', false)",
                        select().fns("current_setting", "set_config").out("current_setting", derived(cols(), "current_setting"))
                                .out("set_config", derived(cols(), "set_config"))),
                c("outside", "select pg_catalog.pg_read_binary_file('/x')", select().fns("pg_catalog.pg_read_binary_file")
                        .out("pg_read_binary_file", derived(cols(), "pg_catalog.pg_read_binary_file"))),
                c("outside", "select xmlagg(x) from query_to_xml('select 1', true, true, '') x",
                        select().fns("xmlagg", "query_to_xml").out("xmlagg", derived(cols(), "xmlagg", "query_to_xml"))),
                c("niladic", "select current_user, session_user", select().fns("current_user", "session_user")
                        .out("current_user", derived(cols(), "current_user")).out("session_user", derived(cols(), "session_user"))),
                c("niladic", "select now(), current_date", select().fns("now", "current_date")
                        .out("now", derived(cols(), "now")).out("current_date", derived(cols(), "current_date"))),

                // catalog and statistics views expose column values: they are relations read
                c("catalog view", "select most_common_vals from pg_stats where tablename = 'patients'",
                        select().reads("pg_catalog.pg_stats").out("most_common_vals", direct("pg_catalog.pg_stats.most_common_vals"))),
                c("catalog view", "select * from pg_catalog.pg_stats", select().reads("pg_catalog.pg_stats").out(star("pg_catalog.pg_stats",
                        "schemaname", "tablename", "attname", "null_frac", "most_common_vals", "histogram_bounds"))),
                c("catalog view", "select relname from pg_class", select().reads("pg_catalog.pg_class").out("relname", direct("pg_catalog.pg_class.relname"))),
                c("catalog view", "select decoy from public.pg_stats", select().reads("pg_stats").out("decoy", direct("pg_stats.decoy"))),
                c("catalog view", "select histogram_bounds from pg_stats s join patients p on s.attname = 'ssn'",
                        select().reads("pg_catalog.pg_stats", "patients").out("histogram_bounds", direct("pg_catalog.pg_stats.histogram_bounds"))),

                // constants
                c("constant", "select 1, 'a', null, $1, true", select().out("?column?", constant()).out("?column?", constant())
                        .out("?column?", constant()).out("?column?", constant()).out("bool", constant())),
                c("constant", "select 1 + 2 as three", select().out("three", constant())),
                c("constant", "select interval '1 day', date '2020-01-01'", select().out("interval", constant()).out("date", constant())),
                c("constant", "select ssn from patients where false", select().reads("patients").out("ssn", direct("patients.ssn"))),

                // what cannot be resolved is Unknown or unresolved, never a guess
                c("unresolved", "select * from nowhere", select().reads("~nowhere").out("*", unknown()).unresolved()),
                c("unresolved", "select ssn from patients, nowhere", select().reads("patients", "~nowhere").out("ssn", unknown()).unresolved()),
                c("unresolved", "select zz from patients", select().reads("patients").out("zz", unknown())),
                c("unresolved", "select p.zz from patients p", select().reads("patients").out("zz", unknown())),
                c("unresolved", "select id from patients p join visits v on true", select().reads("patients", "visits").out("id", unknown())),
                c("unresolved", "select ssn from patients a join patients b on a.id = b.id", select().reads("patients").out("ssn", unknown())),
                c("unresolved", "select x.ssn from patients p", select().reads("patients").out("ssn", unknown())),
                c("unresolved", "select ctid from patients", select().reads("patients").out("ctid", unknown())),
                c("unresolved", "select \"SSN\" from patients", select().reads("patients").out("SSN", unknown())),
                c("unresolved", "select a.b.c.d from patients", select().reads("patients").out("d", unknown())),
                c("unresolved", "select * from other.tbl", select().reads("other.tbl").out("*", unknown()).unresolved()),
                c("unresolved", "select ssn from patients where zz = 1", select().reads("patients").out("ssn", direct("patients.ssn")).unresolved()),
                c("unresolved", "select * from rows from (generate_series(1, 2), generate_series(1, 3))",
                        select().fns("generate_series").out("*", unknown()).unresolved()),
                c("unsupported syntax", "select ssn from patients connect by prior id = ssn",
                        select().reads("patients").out("ssn", direct("patients.ssn")).unresolved()),
                c("unsupported syntax", "select ssn from patients qualify row_number() over () = 1",
                        select().reads("patients").out("ssn", direct("patients.ssn")).unresolved()),
                c("unsupported syntax", "select xmlelement(name x, ssn) from patients",
                        select().reads("patients").fns("xmlelement").out("xmlelement", unknown())));
    }
}
