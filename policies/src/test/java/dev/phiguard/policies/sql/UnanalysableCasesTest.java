package dev.phiguard.policies.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What cannot be parsed makes the whole string unanalysable, with a reason, the statement and the position. */
class UnanalysableCasesTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void isUnanalysable(String sql, String reason, int statementIndex, int position) {
        Analysis analysis = Fixtures.ANALYZER.analyze(sql);

        assertThat(analysis).isInstanceOf(Analysis.Unanalysable.class);
        Analysis.Unanalysable failure = (Analysis.Unanalysable) analysis;
        assertThat(failure.reason()).contains(reason);
        assertThat(failure.statementIndex()).isEqualTo(statementIndex < 0 ? OptionalInt.empty() : OptionalInt.of(statementIndex));
        if (position >= 0) {
            assertThat(failure.position()).isEqualTo(OptionalInt.of(position));
        }
    }

    private static Arguments c(String sql, String reason, int statementIndex, int position) {
        return Arguments.of(sql, reason, statementIndex, position);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                c("garbage", "statement 1: unsupported statement \"garbage\"", 0, 0),
                c("select 1; garbage here; select 2", "statement 2: unsupported statement \"garbage\"", 1, 10),
                c("select 'unterminated", "statement 1: unterminated quoted string", 0, 7),
                c("select E'still open \\' ", "unterminated quoted string", 0, 7),
                c("select \"unterminated", "unterminated quoted identifier", 0, 7),
                c("select \"\" from patients", "zero-length delimited identifier", 0, 7),
                c("select $$never closed", "unterminated dollar-quoted string", 0, 7),
                c("select 1 /* never closed", "unterminated /* comment", 0, 9),
                c("select ssn from patients where", "syntax error at or near \"where\"", 0, 25),
                c("select ssn from patients where ssn = '123-45-6789' oops", "syntax error at or near \"oops\"", 0, 51),
                c("select ssn frm patients", "syntax error", 0, -1),
                c("select ssn from patients)", "syntax error at or near \")\"", 0, 24),
                c("select 1 from t; select ssn fromm patients", "statement 2: syntax error", 1, -1),
                c("select 1 {fn now()}", "unexpected character U+007B", 0, 9),
                c("select 1\u0000", "NUL character", 0, 8),
                c("select 123abc", "trailing junk after numeric literal", 0, 10),
                c("select U&\"d\\0061t\" from patients", "Unicode-escaped identifiers", 0, 7),
                c("select $1a", "trailing junk after parameter", 0, 9),
                c("(p).*", "syntax error", 0, -1),
                c("FETCH 10 FROM", "syntax error", 0, -1),
                c("DECLARE c CURSOR SELECT 1", "syntax error at or near \"select\"", 0, 17),
                c("DECLARE c CURSOR FOR INSERT INTO staff VALUES (1)", "cannot be wrapped", 0, -1),
                c("COPY patients TO", "syntax error at end of input", 0, -1),
                c("COPY patients SIDEWAYS STDOUT", "syntax error at or near \"sideways\"", 0, 14),
                c("PREPARE q SELECT 1", "syntax error at or near \"select\"", 0, 10),
                c("select " + "(".repeat(100) + "1" + ")".repeat(100), "nests parentheses deeper than 64 levels", 0, 71),
                c("x(".repeat(200_000), "nests parentheses deeper than 64 levels", 0, -1),
                c("select 1 where " + "1 = 1 and ".repeat(200_000) + "true", "over the limit of 1048576", -1, -1),
                c(nestedRecursiveCtes(10), "too complex to analyse", 0, -1));
    }

    /** Each nested recursive common table expression is analysed several times: the work multiplies. */
    private static String nestedRecursiveCtes(int depth) {
        String query = "select ssn from patients";
        for (int i = 0; i < depth; i++) {
            query = "with recursive r" + i + " as (" + query + " union select ssn from r" + i + ") select ssn from r" + i;
        }
        return query;
    }
}
