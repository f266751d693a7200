package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.lex.StatementText;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.statement.Statement;

/**
 * Runs JSqlParser on one normalised statement, in the calling thread: first without, then with its
 * "complex parsing" mode, and requires that the whole text is consumed. A failure becomes an
 * {@link UnanalysableStatement} whose message names the offending token without revealing constants.
 */
final class SqlParsing {

    private static final Pattern LEXICAL_POSITION = Pattern.compile("line (\\d+), column (\\d+)");

    private SqlParsing() {
    }

    /**
     * @param statement the statement
     * @return the parsed statement
     * @throws UnanalysableStatement if JSqlParser does not accept it
     */
    static Statement parse(StatementText statement) {
        String text = statement.normalised();
        try {
            return parse(text, false);
        } catch (ParseException | TokenMgrException simple) {
            try {
                return parse(text, true);
            } catch (ParseException | TokenMgrException complex) {
                throw failure(statement, simple);
            }
        }
    }

    private static Statement parse(String text, boolean complex) throws ParseException {
        CCJSqlParser parser = CCJSqlParserUtil.newParser(text).withAllowComplexParsing(complex);
        Statement parsed = parser.Statement();
        Token next = parser.getNextToken();
        if (next.kind != CCJSqlParserConstants.EOF) {
            ParseException trailing = new ParseException("trailing input");
            trailing.currentToken = new Token();
            trailing.currentToken.next = next;
            throw trailing;
        }
        return parsed;
    }

    private static UnanalysableStatement failure(StatementText statement, Throwable error) {
        OptionalInt offset = OptionalInt.empty();
        if (error instanceof ParseException parse && parse.currentToken != null && parse.currentToken.next != null) {
            offset = offset(statement, parse.currentToken.next.beginLine, parse.currentToken.next.beginColumn);
        } else if (error instanceof TokenMgrException) {
            Matcher matcher = LEXICAL_POSITION.matcher(String.valueOf(error.getMessage()));
            if (matcher.find()) {
                offset = offset(statement, Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
            }
        }
        if (offset.isEmpty()) {
            return new UnanalysableStatement("syntax error (the statement cannot be parsed)", OptionalInt.of(statement.start()));
        }
        int position = offset.getAsInt();
        String near = statement.tokens().stream()
                .filter(t -> t.start() <= position && position < Math.max(t.end(), t.start() + 1))
                .findFirst().map(dev.phiguard.policies.sql.lex.Token::describe)
                .orElse(position >= statement.end() ? "end of input" : "this position");
        return new UnanalysableStatement("syntax error at or near " + near, position);
    }

    /** Maps a 1-based line and column of the statement's text to an offset in the whole string. */
    private static OptionalInt offset(StatementText statement, int line, int column) {
        if (line < 1 || column < 1) {
            return OptionalInt.empty();
        }
        String text = statement.normalised();
        int index = 0;
        for (int l = 1; l < line; l++) {
            int newline = text.indexOf('\n', index);
            if (newline < 0) {
                return OptionalInt.empty();
            }
            index = newline + 1;
        }
        return OptionalInt.of(statement.start() + Math.min(text.length(), index + column - 1));
    }
}
