package dev.phiguard.policies.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiteralRedactorTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final LiteralRedactor hashing = LiteralRedactor.hashing(KEY);
    private final LiteralRedactor normalising = LiteralRedactor.normalising();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "select * from patients where ssn = '123-45-6789' | select * from patients where ssn = ?",
        "select 1, 2.5, .5, 1e10, 3.0E-2 from t1 | select ?, ?, ?, ?, ? from t1",
        "select col2, t1.x3 from t1 where a=0x1F | select col2, t1.x3 from t1 where a=?",
        "select E'it\\'s 123-45-6789' | select ?",
        "select 'it''s 123-45-6789' | select ?",
        "select $$123-45-6789$$, $tag$a $$ b 123-45-6789$tag$ | select ?, ?",
        "select \"we''ird \"\"col\"\"\" from \"T 1\" | select \"we''ird \"\"col\"\"\" from \"T 1\"",
        "select * from t where id = $1 and n = $2 | select * from t where id = $1 and n = $2",
        "select B'0101', X'ff', N'123-45-6789', U&'d\\0061' | select ?, ?, ?, ?",
        "select a$1 from b | select a$1 from b",
        "select /* outer /* 123-45-6789 */ still */ 1 | select   ?",
        "select '123-45-6789 | select ?",
        "select \"unterminated 123-45-6789 | select ?",
        "select $q$ 123-45-6789 | select ?",
        "select 1::int, '2020-01-01'::date | select ?::int, ?::date",
        "select 12abc | select ?",
    })
    void normalisesEveryConstant(String sql, String expected) {
        assertThat(normalising.redact(sql)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "select * from patients where ssn = '123-45-6789'",
        "select E'\\'123-45-6789' as x",
        "select 'a''123-45-6789'",
        "select $body$123-45-6789$body$",
        "select 1 /* 123-45-6789 */",
        "select 1 -- 123-45-6789",
        "select * from t where ssn = '123-45-6789",
        "select \"123-45-6789",
        "select 123456789, 12345.6789",
        "select '123-45-6789' || '987-65-4321'",
    })
    void noRawValueSurvivesHashing(String sql) {
        String redacted = hashing.redact(sql);
        assertThat(redacted).doesNotContain("45-67").doesNotContain("65-43").doesNotContain("345678")
                .doesNotContain("345.67");
        assertThat(redacted).contains("h:");
    }

    @Test
    void sameValueSameTokenDifferentValueDifferentToken() {
        String a = hashing.redact("select * from p where ssn = '123-45-6789'");
        String b = hashing.redact("SELECT name FROM p WHERE ssn='123-45-6789'");
        String token = a.substring(a.indexOf("'h:"), a.lastIndexOf('\'') + 1);
        assertThat(token).hasSize(2 + 2 + LiteralRedactor.TOKEN_HEX_DIGITS);
        assertThat(b).contains(token);
        assertThat(hashing.redact("select '123-45-6780'")).doesNotContain(token);
        assertThat(hashing.token("123-45-6789".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(token.substring(1, token.length() - 1));
    }

    @Test
    void tokensDependOnTheKey() {
        byte[] other = Arrays.copyOf(KEY, KEY.length);
        other[0] ^= 1;
        String sql = "select '123-45-6789'";
        assertThat(LiteralRedactor.hashing(other).redact(sql)).isNotEqualTo(hashing.redact(sql));
    }

    @Test
    void commentsAreReplacedWholeAndLinesKept() {
        assertThat(normalising.redact("select 1 -- 123-45-6789\nfrom t")).isEqualTo("select ?  \nfrom t");
        assertThat(normalising.redact("select /* 123-45-6789")).isEqualTo("select  ");
        assertThat(hashing.redact("select 1 -- 123-45-6789\nfrom t")).matches("select '[^']+' /\\*h:[0-9a-f]{16}\\*/\nfrom t");
    }

    @Test
    void keepsStatementsWithoutConstantsUnchanged() {
        String sql = "SELECT p.id, \"Name\" FROM clinic.patients p JOIN visits v ON v.pid = p.id WHERE v.x > $1";
        assertThat(hashing.redact(sql)).isEqualTo(sql);
    }

    @Test
    void rejectsShortKeysAndNeverShowsTheKey() {
        assertThatThrownBy(() -> LiteralRedactor.hashing(new byte[8]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 bytes");
        assertThat(hashing.toString()).doesNotContain("0123");
        assertThatThrownBy(() -> normalising.token(new byte[1])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sweepOfPrefixesNeverLeaksTheValue() {
        String sql = "select a from t where s = E'x\\'' or ssn = '123-45-6789' and n = $$123456789$$";
        for (int cut = 0; cut <= sql.length(); cut++) {
            String prefix = sql.substring(0, cut);
            String redacted = hashing.redact(prefix);
            assertThat(redacted).as("prefix %d", cut).doesNotContain("45-67").doesNotContain("456789");
        }
    }
}
