package dev.phiguard.policies.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which statements share a shape key and which must not. */
class ShapeKeyTest {

    private final ShapeKey shapes = new ShapeKey(AnalyzerSettings.defaults());

    private Optional<String> key(String sql) {
        return shapes.of(sql);
    }

    @ParameterizedTest(name = "[{index}] {0} ~ {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "SELECT abalance FROM pgbench_accounts WHERE aid = 48213;|SELECT abalance FROM pgbench_accounts WHERE aid = 7;",
        "UPDATE pgbench_accounts SET abalance = abalance + -4932 WHERE aid = 1;|UPDATE pgbench_accounts SET abalance = abalance + -1 WHERE aid = 99999;",
        "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (7, 1, 48213, -4932, CURRENT_TIMESTAMP)|INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 2, 3, -4, CURRENT_TIMESTAMP)",
        "select ssn from patients where mrn = 'select 1; limit 5'|select ssn from patients where mrn = 'x'",
        "select ssn from patients where mrn = 'a' /* 1 */|select  ssn  from patients /* 2 */ where mrn = 'b'",
        "select ssn from patients where notes = $$ it is $$ and id = 1|select ssn from patients where notes = $x$ a $x$ and id = 2",
        "select ssn from patients where id in (1, 2) order by id limit 10|select ssn from patients where id in (3, 4) order by id limit 10",
        "select ssn from patients where id = 1.5|select ssn from patients where id = 22.75",
    })
    void sameShape(String first, String second) {
        assertThat(key(first)).isPresent();
        assertThat(key(second)).isEqualTo(key(first));
    }

    @ParameterizedTest(name = "[{index}] {0} !~ {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "select ssn from patients where id = 1 limit 10|select ssn from patients where id = 1 limit 5000",
        "select ssn from patients where id = 1 fetch first 10 rows only|select ssn from patients where id = 1 fetch first 5000 rows only",
        "select ssn from patients where id = 1 limit (10)|select ssn from patients where id = 1 limit (5000)",
        "select ssn, mrn from patients where id = 1 order by 1|select ssn, mrn from patients where id = 1 order by 2",
        "select ssn, mrn from patients where id = 1 order by mrn, 1|select ssn, mrn from patients where id = 1 order by mrn, 2",
        "select ssn from patients where id = 1 and oid = 'patients'::regclass|select ssn from patients where id = 1 and oid = 'visits'::regclass",
        "select ssn from patients where id = 1 and oid = regclass 'patients'|select ssn from patients where id = 1 and oid = regclass 'visits'",
        "select ssn from patients where id = 1 and x = set_config('a', 'b', false)|select ssn from patients where id = 1 and x = set_config('c', 'b', false)",
        "select ssn from patients where id = 5|select ssn from patients where id = '5'",
        "select ssn from patients where id = 5|select ssn from patients where id = 5.0",
        "select ssn from patients where mrn = 'a'|select ssn from patients where mrn = E'a'",
        "select ssn from patients where id in (1, 2)|select ssn from patients where id in (1, 2, 3)",
        "select ssn from patients where id = 1|select ssn from patients where id = 1; select 2",
        "select ssn from patients where id = 1|select ssn from patients where \"id\" = 1",
    })
    void differentShape(String first, String second) {
        assertThat(key(second)).isNotEqualTo(key(first));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "select ssn from patients",
        "select ssn from patients where id = $1",
        "select ssn from patients limit 10",
        "select ssn from patients where id = 123456789012345678901",
        "select ssn from patients where id = 0x1F",
        "select 'patients'::regclass",
        "copy patients to stdout with (format 'binary')",
        "set statement_timeout = 5000",
        "fetch 5 from c",
        "select 'unterminated",
        "select ssn from patients where id = 1 /* unterminated",
    })
    void noShapeWhenNothingIsGeneralisedOrTheTextDoesNotLex(String sql) {
        assertThat(key(sql)).isEmpty();
    }

    @Test
    void noShapeForTextLongerThanTheAnalyserAccepts() {
        ShapeKey small = new ShapeKey(new AnalyzerSettings(SearchPath.defaultPath(), 40, 10, 4));
        assertThat(small.of("select ssn from patients where id = 1")).isPresent();
        assertThat(small.of("select ssn from patients where id = 123456789")).isEmpty();
    }

    @Test
    void shapeKeysNeedThePostgresAnalyser() {
        assertThatThrownBy(() -> new CachingAnalyzer(sql -> new Analysis.Analysed(List.of()), 10, 1_000,
                CachingAnalyzer.Keying.SHAPE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(CachingAnalyzer.withDefaults(Fixtures.ANALYZER).keysByShape()).isTrue();
        assertThat(CachingAnalyzer.withDefaults(sql -> new Analysis.Analysed(List.of())).keysByShape()).isFalse();
    }
}
