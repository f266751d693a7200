package dev.phiguard.policies.sql;

import static dev.phiguard.policies.sql.Expect.cols;
import static dev.phiguard.policies.sql.Expect.derived;
import static dev.phiguard.policies.sql.Expect.direct;
import static dev.phiguard.policies.sql.Expect.of;
import static dev.phiguard.policies.sql.Expect.select;
import static dev.phiguard.policies.sql.Expect.unknown;
import static dev.phiguard.policies.sql.Fixtures.PATIENT_COLUMNS;
import static dev.phiguard.policies.sql.Fixtures.star;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Writes, DDL and statements that create tables from queries: what they write and what they read. */
class ModificationCasesTest {

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
                c("insert", "insert into staff (name) values ('x')", of(StatementKind.INSERT).writes("staff")),
                c("insert select", "insert into staff (name) select ssn from patients",
                        of(StatementKind.INSERT).writes("staff").reads("patients").withoutWhere("patients").referenced("patients.ssn")),
                c("insert returning", "insert into staff (name) values ('x') returning id, name", of(StatementKind.INSERT)
                        .writes("staff").reads("staff").out("id", direct("staff.id")).out("name", direct("staff.name")).withoutWhere()),
                c("upsert", "insert into staff (id, name) values (1, 'x') on conflict (id) do update set name = excluded.name",
                        of(StatementKind.INSERT).writes("staff").reads("staff").referenced("staff.name")),
                c("update", "update patients set notes = 'x' where id = 1", of(StatementKind.UPDATE).writes("patients").reads("patients")
                        .withoutWhere().referenced("patients.id")),
                c("update without where", "update patients set notes = ''",
                        of(StatementKind.UPDATE).writes("patients").reads("patients").withoutWhere("patients")),
                c("update returning", "update patients set notes = 'x' where id = 1 returning ssn",
                        of(StatementKind.UPDATE).writes("patients").reads("patients").out("ssn", direct("patients.ssn"))),
                c("update from", "update staff s set name = p.ssn from patients p where p.id = s.id",
                        of(StatementKind.UPDATE).writes("staff").reads("staff", "patients").withoutWhere()
                                .referenced("patients.ssn", "patients.id", "staff.id")),
                c("update sub-query", "update staff set name = (select ssn from patients limit 1) where id = 1",
                        of(StatementKind.UPDATE).writes("staff").reads("staff", "patients").withoutWhere("patients")),
                c("delete", "delete from patients where id = 1", of(StatementKind.DELETE).writes("patients").reads("patients").withoutWhere()),
                c("delete returning", "delete from patients returning *", of(StatementKind.DELETE).writes("patients").reads("patients")
                        .withoutWhere("patients").out(star("patients", PATIENT_COLUMNS))),
                c("delete using", "delete from patients using visits v where v.patient_id = patients.id",
                        of(StatementKind.DELETE).writes("patients").reads("patients", "visits").withoutWhere()),
                c("merge", "merge into staff s using patients p on s.id = p.id when matched then update set name = p.ssn "
                        + "when not matched then insert (id, name) values (p.id, p.ssn)",
                        of(StatementKind.MERGE).writes("staff").reads("staff", "patients").withoutWhere("staff", "patients")
                                .referenced("staff.id", "patients.id", "patients.ssn")),
                c("merge delete", "merge into staff s using patients p on s.id = p.id when matched and p.dob < '1900-01-01' then delete",
                        of(StatementKind.MERGE).writes("staff").reads("staff", "patients")),
                c("data-modifying cte", "with d as (delete from patients returning *) select * from d",
                        select().writes("patients").reads("patients").out(star("patients", PATIENT_COLUMNS))),
                c("data-modifying cte", "with u as (update patients set notes = '' returning ssn) select ssn from u",
                        select().writes("patients").reads("patients").out("ssn", direct("patients.ssn"))),
                c("data-modifying cte", "with i as (insert into staff (name) select ssn from patients returning name) select count(*) from i",
                        select().writes("staff").reads("staff", "patients").fns("count").out("count", derived(cols(), "count"))),
                c("with insert", "with x as (select ssn from patients) insert into staff (name) select ssn from x",
                        of(StatementKind.INSERT).writes("staff").reads("patients")),
                c("with update", "with x as (select id from patients) update staff set role = 'r' where id in (select id from x)",
                        of(StatementKind.UPDATE).writes("staff").reads("staff", "patients").withoutWhere("patients")),
                c("select into", "select ssn into newt from patients",
                        of(StatementKind.DDL).writes("newt").reads("patients").inner(StatementKind.SELECT)),
                c("create table as", "create table x as select * from patients",
                        of(StatementKind.DDL).writes("x").reads("patients").inner(StatementKind.SELECT)),
                c("create table as", "create table audit.copy as select lower(ssn) from patients",
                        of(StatementKind.DDL).writes("audit.copy").reads("patients").fns("lower").inner(StatementKind.SELECT)),
                c("create view", "create view v as select ssn from patients", of(StatementKind.DDL).writes("v").reads("patients")
                        .inner(StatementKind.SELECT)),
                c("create materialized view", "create materialized view mv as select ssn from patients",
                        of(StatementKind.DDL).writes("mv").reads("patients").inner(StatementKind.SELECT)),
                c("ddl", "create table t (id int primary key, note text)", of(StatementKind.DDL).writes("t").noInner()),
                c("ddl", "alter table patients add column x int", of(StatementKind.DDL).writes("patients")),
                c("ddl", "drop table patients", of(StatementKind.DDL).writes("patients")),
                c("ddl", "drop table if exists patients, visits cascade", of(StatementKind.DDL).writes("patients", "visits")),
                c("ddl", "truncate patients", of(StatementKind.DDL).writes("patients")),
                c("ddl", "create index i on patients (ssn)", of(StatementKind.DDL).writes("patients")),
                c("ddl", "comment on table patients is 'x'", of(StatementKind.DDL)),
                c("ddl", "refresh materialized view patient_names", of(StatementKind.DDL).writes("patient_names")),
                c("write unknown table", "insert into nowhere values (1) returning *",
                        of(StatementKind.INSERT).writes("~nowhere").reads("~nowhere").out("*", unknown()).unresolved()));
    }
}
