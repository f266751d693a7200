package dev.phiguard.policies.sql.lex;

import java.util.List;
import java.util.Objects;

/**
 * One statement of a SQL string, without its terminating semicolon and surrounding blanks.
 *
 * @param index 0-based position among the non-empty statements of the string
 * @param start offset of the first token in the whole string
 * @param end offset just past the last token
 * @param normalised the statement's text with comments blanked and string constants normalised;
 *     same length as the original, so offsets map one to one ({@code start + i})
 * @param tokens the statement's tokens, at least one
 */
public record StatementText(int index, int start, int end, String normalised, List<Token> tokens) {

    /** Validates and copies. */
    public StatementText {
        Objects.requireNonNull(normalised, "normalised");
        tokens = List.copyOf(tokens);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("a statement has at least one token");
        }
        if (normalised.length() != end - start) {
            throw new IllegalArgumentException("normalised text must span start..end");
        }
    }

    /**
     * @param fromToken index of the first token to keep
     * @return the tail of this statement from that token (for a statement wrapped in another, such as
     *     the query after {@code EXPLAIN})
     */
    public StatementText tail(int fromToken) {
        return slice(fromToken, tokens.size());
    }

    /**
     * @param fromToken index of the first token to keep
     * @param toToken index just past the last token to keep
     * @return the part of this statement made of those tokens
     */
    public StatementText slice(int fromToken, int toToken) {
        if (fromToken < 0 || toToken > tokens.size() || fromToken >= toToken) {
            throw new IllegalArgumentException("bad token range " + fromToken + ".." + toToken);
        }
        int s = tokens.get(fromToken).start();
        int e = tokens.get(toToken - 1).end();
        return new StatementText(index, s, e, normalised.substring(s - start, e - start), tokens.subList(fromToken, toToken));
    }

    /**
     * @param token a token of this statement
     * @return the token's normalised source text
     */
    public String textOf(Token token) {
        return normalised.substring(token.start() - start, token.end() - start);
    }
}
