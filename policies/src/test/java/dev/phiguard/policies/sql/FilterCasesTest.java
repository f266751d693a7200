package dev.phiguard.policies.sql;

import static dev.phiguard.policies.sql.Expect.allPatientColumns;
import static dev.phiguard.policies.sql.Expect.cols;
import static dev.phiguard.policies.sql.Expect.derived;
import static dev.phiguard.policies.sql.Expect.direct;
import static dev.phiguard.policies.sql.Expect.select;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Facts for approval rules: which tables are read without a WHERE clause, which columns the statement
 * uses anywhere (so that filtering on a forbidden column can be refused), and the constant LIMIT.
 */
class FilterCasesTest {

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
                c("no where", "select id from patients", select().reads("patients").out("id", direct("patients.id"))
                        .withoutWhere("patients").referenced("patients.id").noLimit()),
                c("where", "select id from patients where ssn like '123%'", select().reads("patients").out("id", direct("patients.id"))
                        .withoutWhere().referenced("patients.id", "patients.ssn")),
                c("order by only", "select id from patients order by ssn", select().reads("patients").out("id", direct("patients.id"))
                        .withoutWhere("patients").referenced("patients.id", "patients.ssn")),
                c("order by alias", "select ssn as s from patients order by s", select().reads("patients")
                        .out("s", direct("patients.ssn")).referenced("patients.ssn")),
                c("order by position", "select id, ssn from patients order by 2", select().reads("patients")
                        .out("id", direct("patients.id")).out("ssn", direct("patients.ssn")).referenced("patients.id", "patients.ssn")),
                c("group by and having", "select last_name from patients group by last_name having max(ssn) > '5'",
                        select().reads("patients").fns("max").out("last_name", direct("patients.last_name"))
                                .referenced("patients.last_name", "patients.ssn")),
                c("group by rollup", "select last_name, count(*) from patients group by rollup (last_name, first_name)",
                        select().reads("patients").fns("count").out("last_name", direct("patients.last_name"))
                                .out("count", derived(cols(), "count")).referenced("patients.last_name", "patients.first_name")),
                c("distinct on", "select distinct on (ssn) id from patients order by ssn, id", select().reads("patients")
                        .out("id", direct("patients.id")).referenced("patients.id", "patients.ssn")),
                c("join on", "select p.id from patients p join visits v on v.patient_id = p.id and v.diagnosis = 'F32'",
                        select().reads("patients", "visits").out("id", direct("patients.id")).withoutWhere("patients", "visits")
                                .referenced("patients.id", "visits.patient_id", "visits.diagnosis")),
                c("exists filter", "select id from patients p where exists (select 1 from visits v where v.patient_id = p.id "
                        + "and v.diagnosis like 'F%')", select().reads("patients", "visits").out("id", direct("patients.id"))
                        .withoutWhere().referenced("patients.id", "visits.patient_id", "visits.diagnosis")),
                c("in sub-query", "select ssn from patients where id in (select patient_id from visits)", select()
                        .reads("patients", "visits").out("ssn", direct("patients.ssn")).withoutWhere("visits")
                        .referenced("patients.id", "patients.ssn", "visits.patient_id")),
                c("whole-row filter", "select id from patients p where p::text like '%123-45%'", select().reads("patients")
                        .out("id", direct("patients.id")).withoutWhere().referenced(allPatientColumns().toArray(String[]::new))),
                c("cte filter", "with c as (select id from patients where ssn = '1') select id from c", select().reads("patients")
                        .out("id", direct("patients.id")).withoutWhere().referenced("patients.id", "patients.ssn")),
                c("view filter is not the client's", "select id from nested_view", select().reads("nested_view", "ssn_last4", "patients")
                        .fns("right").out("id", direct("patients.id")).withoutWhere("nested_view", "patients").referenced("patients.id")),
                c("view column in where", "select id from ssn_last4 where last4 = '6789'", select().reads("ssn_last4", "patients")
                        .fns("right").out("id", direct("patients.id")).withoutWhere("patients")
                        .referenced("patients.id", "patients.ssn")),
                c("limit", "select ssn from patients limit 10", select().reads("patients").out("ssn", direct("patients.ssn")).limit(10)),
                c("limit offset", "select ssn from patients limit 10 offset 20", select().reads("patients")
                        .out("ssn", direct("patients.ssn")).limit(10)),
                c("fetch first", "select ssn from patients fetch first 5 rows only", select().reads("patients")
                        .out("ssn", direct("patients.ssn")).limit(5)),
                c("limit parameter", "select ssn from patients limit $1", select().reads("patients")
                        .out("ssn", direct("patients.ssn")).noLimit()),
                c("limit all", "select ssn from patients limit all", select().reads("patients").out("ssn", direct("patients.ssn")).noLimit()),
                c("set operation limit", "(select ssn from patients) union (select diagnosis from visits) order by 1 limit 3",
                        select().reads("patients", "visits").out("ssn", derived(cols("patients.ssn", "visits.diagnosis"))).limit(3)),
                c("parenthesised limit", "(select ssn from patients limit 7)", select().reads("patients")
                        .out("ssn", direct("patients.ssn")).limit(7)),
                c("sub-query limit is not the statement's", "select (select ssn from patients limit 1)", select().reads("patients")
                        .out("ssn", direct("patients.ssn")).noLimit()),
                c("parameters are constants", "select ssn from patients where id = $1 and $2 = ssn", select().reads("patients")
                        .out("ssn", direct("patients.ssn")).withoutWhere().referenced("patients.id", "patients.ssn")));
    }
}
