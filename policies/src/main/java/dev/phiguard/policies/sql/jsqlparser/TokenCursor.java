package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.lex.StatementText;
import dev.phiguard.policies.sql.lex.Token;
import dev.phiguard.policies.sql.lex.TokenType;
import java.util.List;

/** Reads a statement's tokens from left to right, for the statements recognised by their head. */
final class TokenCursor {

    private final StatementText statement;
    private final List<Token> tokens;
    private int index;

    TokenCursor(StatementText statement) {
        this.statement = statement;
        this.tokens = statement.tokens();
    }

    StatementText statement() {
        return statement;
    }

    int index() {
        return index;
    }

    boolean atEnd() {
        return index >= tokens.size();
    }

    /** @return the token {@code ahead} positions from the current one, or {@code null} past the end */
    Token peek(int ahead) {
        int i = index + ahead;
        return i < tokens.size() ? tokens.get(i) : null;
    }

    Token peek() {
        return peek(0);
    }

    Token next() {
        if (atEnd()) {
            throw unexpected();
        }
        return tokens.get(index++);
    }

    /** @return whether the current token is one of these unquoted keywords */
    boolean atWord(String... keywords) {
        Token token = peek();
        if (token == null) {
            return false;
        }
        for (String keyword : keywords) {
            if (token.isWord(keyword)) {
                return true;
            }
        }
        return false;
    }

    /** Consumes the current token if it is one of these keywords. */
    boolean acceptWord(String... keywords) {
        if (atWord(keywords)) {
            index++;
            return true;
        }
        return false;
    }

    boolean atPunctuation(String symbol) {
        Token token = peek();
        return token != null && token.isPunctuation(symbol);
    }

    /** @return the current identifier (quoted or not), consumed */
    String identifier() {
        Token token = peek();
        if (token == null || !token.isIdentifier()) {
            throw unexpected();
        }
        index++;
        return token.text();
    }

    /** @return a possibly dotted name such as {@code a}, {@code s.a}, consumed and joined with dots */
    String dottedName() {
        StringBuilder name = new StringBuilder(identifier());
        while (atPunctuation(".") && peek(1) != null && peek(1).isIdentifier()) {
            index++;
            name.append('.').append(identifier());
        }
        return name.toString();
    }

    /** Skips a balanced parenthesised group starting at the current {@code (}. */
    void skipParenthesised() {
        if (!atPunctuation("(")) {
            throw unexpected();
        }
        int depth = 0;
        do {
            Token token = next();
            if (token.isPunctuation("(")) {
                depth++;
            } else if (token.isPunctuation(")")) {
                depth--;
            }
        } while (depth > 0);
    }

    void expectEnd() {
        if (!atEnd()) {
            throw unexpected();
        }
    }

    /** @return a failure naming the current token */
    UnanalysableStatement unexpected() {
        Token token = peek();
        if (token == null) {
            return new UnanalysableStatement("syntax error at end of input", statement.end());
        }
        return new UnanalysableStatement("syntax error at or near " + token.describe(), token.start());
    }

    /** @return whether the current token is a string constant */
    boolean atString() {
        Token token = peek();
        return token != null && token.type() == TokenType.STRING;
    }
}
