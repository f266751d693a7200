package dev.phiguard.policies.sql.lex;

import java.util.Objects;

/**
 * One lexical token.
 *
 * @param type the lexical class
 * @param text lower-cased for {@link TokenType#WORD}, unquoted for {@link TokenType#QUOTED_IDENTIFIER},
 *     the source text otherwise
 * @param start 0-based offset of the first character in the whole SQL string
 * @param end offset just past the last character
 */
public record Token(TokenType type, String text, int start, int end) {

    /** Validates. */
    public Token {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad token span " + start + ".." + end);
        }
    }

    /**
     * @param keyword a lower-case keyword
     * @return whether this is that unquoted word
     */
    public boolean isWord(String keyword) {
        return type == TokenType.WORD && text.equals(keyword);
    }

    /**
     * @param symbol punctuation text
     * @return whether this is that punctuation
     */
    public boolean isPunctuation(String symbol) {
        return type == TokenType.PUNCTUATION && text.equals(symbol);
    }

    /** @return whether this is an identifier, quoted or not (keywords included) */
    public boolean isIdentifier() {
        return type == TokenType.WORD || type == TokenType.QUOTED_IDENTIFIER;
    }

    /**
     * Describes the token for an error message without revealing constant values (which may be
     * protected data).
     *
     * @return for example {@code "blah"}, {@code a string constant}, {@code a number}
     */
    public String describe() {
        return switch (type) {
            case STRING -> "a string constant";
            case NUMBER -> "a number";
            case QUOTED_IDENTIFIER -> "\"" + text.replace("\"", "\"\"") + "\"";
            default -> "\"" + text + "\"";
        };
    }
}
