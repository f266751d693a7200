package dev.phiguard.policies.sql.lex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PgLexerTest {

    private final PgLexer lexer = new PgLexer(64);

    private List<StatementText> split(String sql) throws LexicalException {
        return lexer.split(sql);
    }

    @Test
    void splitsAtTopLevelSemicolonsAndKeepsOffsets() throws Exception {
        String sql = "  select 1 ;\n select 'a;b' ;; ";
        List<StatementText> statements = split(sql);

        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).index()).isZero();
        assertThat(statements.get(0).start()).isEqualTo(2);
        assertThat(sql.substring(statements.get(0).start(), statements.get(0).end())).isEqualTo("select 1");
        assertThat(statements.get(1).index()).isEqualTo(1);
        assertThat(sql.substring(statements.get(1).start(), statements.get(1).end())).isEqualTo("select 'a;b'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "select 'it''s' x                | select 'it''s' x",
        "select 'a\\' x                  | select 'a/' x",
        "select E'it\\'s' x              | select  'it/\"s' x",
        "select e'a\\\\' x               | select  'a//' x",
        "select $$it's$$ x               | select ' it\"s ' x",
        "select $tag$a$$b$tag$ x         | select '    a$$b    ' x",
        "select B'0101', X'1f', N'n'     | select  '0101',  '1f',  'n'",
        "select U&'d\\0061t' x           | select   'd/0061t' x",
        "select 1 -- comment             | select 1           ",
        "select /* a /* b */ c */ 1      | select                   1",
        "select 1--c                     | select 1   ",
    })
    void normalisesConstantsAndCommentsWithoutChangingLength(String sql, String normalised) throws Exception {
        StatementText statement = split(sql).get(0);

        assertThat(statement.normalised()).isEqualTo(normalised.stripTrailing());
        assertThat(statement.end() - statement.start()).isEqualTo(statement.normalised().length());
    }

    @Test
    void tokensFoldUnquotedIdentifiersOnly() throws Exception {
        List<Token> tokens = split("SELECT \"Mixed\"\"Case\", PlainCase, $1, 1.5e3, 'str' FROM t").get(0).tokens();

        assertThat(tokens).extracting(Token::type).containsExactly(
                TokenType.WORD, TokenType.QUOTED_IDENTIFIER, TokenType.PUNCTUATION, TokenType.WORD, TokenType.PUNCTUATION,
                TokenType.PARAMETER, TokenType.PUNCTUATION, TokenType.NUMBER, TokenType.PUNCTUATION, TokenType.STRING,
                TokenType.WORD, TokenType.WORD);
        assertThat(tokens.get(1).text()).isEqualTo("Mixed\"Case");
        assertThat(tokens.get(3).text()).isEqualTo("plaincase");
        assertThat(tokens.get(9).describe()).isEqualTo("a string constant");
    }

    @Test
    void identifiersAreTruncatedLikePostgresql() {
        String longName = "a".repeat(70);
        assertThat(PgLexer.foldIdentifier(longName)).hasSize(63);
        assertThat(PgLexer.truncateIdentifier("é".repeat(40))).hasSize(31);
        assertThat(PgLexer.foldIdentifier("ÀbC")).isEqualTo("Àbc");
    }

    @Test
    void dollarSignsInsideIdentifiersAreNotQuotes() throws Exception {
        List<Token> tokens = split("select a$b$ from t").get(0).tokens();
        assertThat(tokens.get(1).text()).isEqualTo("a$b$");
    }

    @Test
    void schemaQualifiedOperatorsBecomeBareOperators() throws Exception {
        String sql = "select a OPERATOR(pg_catalog.~) 'x', operator(1)";
        StatementText statement = split(sql).get(0);

        assertThat(statement.normalised()).isEqualTo("select a ~" + " ".repeat("OPERATOR(pg_catalog.~)".length()) + "'x', operator(1)");
        assertThat(statement.tokens()).extracting(Token::text).containsExactly("select", "a", "~", "'x'", ",", "operator", "(", "1", ")");
    }

    @Test
    void operatorsStopAtComments() throws Exception {
        StatementText statement = split("select 1 +-- comment\n 2").get(0);
        assertThat(statement.tokens()).extracting(Token::text).containsExactly("select", "1", "+", "2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "select 'open                  | unterminated quoted string      | 7",
        "select \"open                 | unterminated quoted identifier  | 7",
        "select $a$ open               | unterminated dollar-quoted      | 7",
        "select 1 /* open              | unterminated /* comment         | 9",
        "select $ 1                    | unexpected \"$\"                | 7",
        "select 1e                     | trailing junk                   | 8",
        "select {1}                    | unexpected character U+007B     | 7",
    })
    void rejectsWhatPostgresqlRejects(String sql, String message, int position) {
        assertThatThrownBy(() -> split(sql)).isInstanceOf(LexicalException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((LexicalException) e).position()).isEqualTo(position));
    }

    @Test
    void limitsNesting() {
        PgLexer shallow = new PgLexer(2);
        assertThatThrownBy(() -> shallow.split("select ((( 1 )))")).isInstanceOf(LexicalException.class)
                .hasMessageContaining("deeper than 2");
        assertThatThrownBy(() -> new PgLexer(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void slicesKeepTheirPlaceInTheWholeString() throws Exception {
        String sql = "x; EXPLAIN SELECT 1";
        StatementText statement = split(sql).get(1);
        StatementText inner = statement.tail(1);

        assertThat(inner.start()).isEqualTo(11);
        assertThat(inner.normalised()).isEqualTo("SELECT 1");
        assertThat(inner.index()).isEqualTo(1);
    }
}
