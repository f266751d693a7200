package dev.phiguard.policies.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Strings holding several statements, comments and quoted semicolons. */
class MultiStatementTest {

    private static List<StatementFacts> analysed(String sql) {
        Analysis analysis = Fixtures.ANALYZER.analyze(sql);
        assertThat(analysis).isInstanceOf(Analysis.Analysed.class);
        return ((Analysis.Analysed) analysis).statements();
    }

    @Test
    void analysesEveryStatementInOrder() {
        List<StatementFacts> statements = analysed("BEGIN; SELECT ssn FROM patients; UPDATE staff SET name = 'x'; COMMIT");

        assertThat(statements).extracting(StatementFacts::kind)
                .containsExactly(StatementKind.BEGIN, StatementKind.SELECT, StatementKind.UPDATE, StatementKind.COMMIT);
        assertThat(statements.get(1).outputs()).containsExactly(new OutputColumn("ssn", Expect.direct("patients.ssn")));
        assertThat(statements.get(2).tablesWritten()).containsExactly(TableRef.of("public", "staff"));
    }

    @Test
    void semicolonsInsideConstantsCommentsAndIdentifiersDoNotSplit() {
        List<StatementFacts> statements = analysed("select 'a;b' as \"x;y\", $q$ ; $q$, ssn -- ; trailing\n"
                + "from patients /* ; */; select 2");

        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).outputs()).extracting(OutputColumn::name).containsExactly("x;y", "?column?", "ssn");
        assertThat(statements.get(0).outputs().get(2).lineage()).isEqualTo(Expect.direct("patients.ssn"));
    }

    @Test
    void emptyStatementsAndCommentsAreNotStatements() {
        assertThat(analysed("")).isEmpty();
        assertThat(analysed(" ;; ; ")).isEmpty();
        assertThat(analysed("-- nothing here\n/* nor /* here */ */")).isEmpty();
        assertThat(analysed(";select 1;;")).hasSize(1);
    }

    @Test
    void oneUnparsableStatementMakesTheWholeStringUnanalysable() {
        Analysis analysis = Fixtures.ANALYZER.analyze("select 1; select ssn from patients; select ssn fron patients; select 2");

        assertThat(analysis).isInstanceOf(Analysis.Unanalysable.class);
        Analysis.Unanalysable failure = (Analysis.Unanalysable) analysis;
        assertThat(failure.statementIndex()).isEqualTo(OptionalInt.of(2));
        assertThat(failure.reason()).startsWith("statement 3: syntax error");
    }

    @Test
    void aStringConstantContinuedOnTheNextLineIsOneConstant() {
        List<StatementFacts> statements = analysed("select 'a'\n  'b' as ab, ssn from patients");

        assertThat(statements.get(0).outputs()).containsExactly(new OutputColumn("ab", Lineage.constant()),
                new OutputColumn("ssn", Expect.direct("patients.ssn")));
    }

    @Test
    void escapeStringsCannotHideCode() {
        // with standard_conforming_strings on, 'a\' is a complete constant: ssn is a column
        List<StatementFacts> plain = analysed("select 'a\\', ssn from patients");
        assertThat(plain.get(0).outputs()).extracting(OutputColumn::lineage)
                .containsExactly(Lineage.constant(), Expect.direct("patients.ssn"));

        // in an E'' constant, \' is an escaped quote: ssn is inside the constant
        List<StatementFacts> escaped = analysed("select E'a\\', ssn from patients'");
        assertThat(escaped.get(0).outputs()).containsExactly(new OutputColumn("?column?", Lineage.constant()));
        assertThat(escaped.get(0).tablesRead()).isEmpty();
    }

    @Test
    void syntaxErrorsDoNotQuoteConstants() {
        Analysis analysis = Fixtures.ANALYZER.analyze("select ssn from patients where ssn = '123-45-6789' '987-65-4321' x");

        assertThat(analysis).isInstanceOf(Analysis.Unanalysable.class);
        assertThat(((Analysis.Unanalysable) analysis).reason()).doesNotContain("123-45").doesNotContain("987-65");
    }
}
