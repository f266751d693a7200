package dev.phiguard.policies.sql.lex;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL string into statements the way PostgreSQL's lexer reads it (with
 * {@code standard_conforming_strings = on}), and normalises each statement's text for the parser
 * library: comments become blanks, every string constant becomes a plain {@code '...'} constant
 * whose content has no backslash and no unescaped quote, and the text keeps its length so that
 * offsets map one to one.
 *
 * <p>Rejected with a {@link LexicalException}: unterminated comments, strings and quoted identifiers,
 * zero-length quoted identifiers, Unicode-escaped identifiers ({@code U&"..."}), NUL characters,
 * characters PostgreSQL does not accept outside constants, trailing junk after numbers, and
 * parenthesis nesting deeper than the configured limit.
 *
 * <p>Stateless and thread-safe.
 */
public final class PgLexer {

    /** PostgreSQL's NAMEDATALEN - 1: identifiers are truncated to this many bytes. */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    private static final String OPERATOR_CHARS = "~!@#^&|`?+-*/%<>=";

    private final int maxNestingDepth;

    /** @param maxNestingDepth the deepest parenthesis or bracket nesting accepted */
    public PgLexer(int maxNestingDepth) {
        if (maxNestingDepth < 1) {
            throw new IllegalArgumentException("maxNestingDepth must be at least 1");
        }
        this.maxNestingDepth = maxNestingDepth;
    }

    /**
     * @param sql the SQL string
     * @return its non-empty statements, in order
     * @throws LexicalException if the string breaks the lexical rules or the nesting limit
     */
    public List<StatementText> split(String sql) throws LexicalException {
        return new Run(sql).run();
    }

    /**
     * Folds an unquoted identifier the way PostgreSQL does: ASCII letters to lower case, then
     * truncation to {@value #MAX_IDENTIFIER_BYTES} bytes.
     *
     * @param identifier the identifier as written
     * @return the folded identifier
     */
    public static String foldIdentifier(String identifier) {
        StringBuilder folded = new StringBuilder(identifier.length());
        for (int i = 0; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return truncateIdentifier(folded.toString());
    }

    /**
     * Truncates an identifier to {@value #MAX_IDENTIFIER_BYTES} bytes of UTF-8 without splitting a
     * character, as PostgreSQL does.
     *
     * @param identifier an identifier
     * @return the identifier PostgreSQL will use
     */
    public static String truncateIdentifier(String identifier) {
        if (identifier.length() * 3 <= MAX_IDENTIFIER_BYTES
                || identifier.getBytes(StandardCharsets.UTF_8).length <= MAX_IDENTIFIER_BYTES) {
            return identifier;
        }
        int bytes = 0;
        int i = 0;
        while (i < identifier.length()) {
            int codePoint = identifier.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > MAX_IDENTIFIER_BYTES) {
                break;
            }
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return identifier.substring(0, i);
    }

    static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    /** One pass over one string. */
    private final class Run {
        private final String sql;
        private final int n;
        private final char[] norm;
        private final List<StatementText> statements = new ArrayList<>();
        private final List<Token> tokens = new ArrayList<>();
        private int depth;

        Run(String sql) {
            this.sql = sql;
            this.n = sql.length();
            this.norm = sql.toCharArray();
        }

        List<StatementText> run() throws LexicalException {
            int i = 0;
            while (i < n) {
                char c = sql.charAt(i);
                if (c == ';') {
                    finishStatement();
                    i++;
                } else if (isSpace(c)) {
                    i++;
                } else if (c == '-' && at(i + 1) == '-') {
                    i = lineComment(i);
                } else if (c == '/' && at(i + 1) == '*') {
                    i = blockComment(i);
                } else {
                    i = token(i, c);
                }
            }
            finishStatement();
            return statements;
        }

        private char at(int i) {
            return i < n ? sql.charAt(i) : '\0';
        }

        private LexicalException error(String message, int position) {
            return new LexicalException(message, position, statements.size());
        }

        private void finishStatement() {
            if (tokens.isEmpty()) {
                return;
            }
            rewriteQualifiedOperators();
            int start = tokens.get(0).start();
            int end = tokens.get(tokens.size() - 1).end();
            statements.add(new StatementText(statements.size(), start, end, new String(norm, start, end - start), tokens));
            tokens.clear();
            depth = 0;
        }

        /**
         * Rewrites {@code OPERATOR(schema.op)} as the bare operator (in the normalised text and the
         * tokens): which schema an operator comes from does not change where values flow, and the
         * parser library does not accept the qualified form.
         */
        private void rewriteQualifiedOperators() {
            for (int i = 0; i + 3 < tokens.size(); i++) {
                if (!tokens.get(i).isWord("operator") || !tokens.get(i + 1).isPunctuation("(")) {
                    continue;
                }
                int j = i + 2;
                while (j + 1 < tokens.size() && tokens.get(j).isIdentifier() && tokens.get(j + 1).isPunctuation(".")) {
                    j += 2;
                }
                if (j + 1 >= tokens.size() || tokens.get(j).type() != TokenType.OPERATOR || !tokens.get(j + 1).isPunctuation(")")) {
                    continue;
                }
                String operator = tokens.get(j).text();
                int start = tokens.get(i).start();
                int end = tokens.get(j + 1).end();
                blank(start, end);
                operator.getChars(0, operator.length(), norm, start);
                Token rewritten = new Token(TokenType.OPERATOR, operator, start, end);
                tokens.subList(i, j + 2).clear();
                tokens.add(i, rewritten);
            }
        }

        private void add(TokenType type, String text, int start, int end) {
            tokens.add(new Token(type, text, start, end));
        }

        private void blank(int from, int to) {
            for (int k = from; k < to; k++) {
                if (norm[k] != '\n' && norm[k] != '\r') {
                    norm[k] = ' ';
                }
            }
        }

        private int lineComment(int i) {
            int j = i;
            while (j < n && sql.charAt(j) != '\n' && sql.charAt(j) != '\r') {
                j++;
            }
            blank(i, j);
            return j;
        }

        private int blockComment(int i) throws LexicalException {
            int level = 0;
            int j = i;
            while (j < n) {
                if (sql.charAt(j) == '/' && at(j + 1) == '*') {
                    level++;
                    j += 2;
                } else if (sql.charAt(j) == '*' && at(j + 1) == '/') {
                    level--;
                    j += 2;
                    if (level == 0) {
                        blank(i, j);
                        return j;
                    }
                } else {
                    j++;
                }
            }
            throw error("unterminated /* comment", i);
        }

        private int token(int i, char c) throws LexicalException {
            if (c == '\0') {
                throw error("the SQL text contains a NUL character", i);
            }
            if (c == '\'') {
                return stringConstant(i, i, false);
            }
            char next = at(i + 1);
            if ((c == 'e' || c == 'E') && next == '\'') {
                norm[i] = ' ';
                return stringConstant(i, i + 1, true);
            }
            if ((c == 'b' || c == 'B' || c == 'x' || c == 'X' || c == 'n' || c == 'N') && next == '\'') {
                norm[i] = ' ';
                return stringConstant(i, i + 1, false);
            }
            if ((c == 'u' || c == 'U') && next == '&' && at(i + 2) == '\'') {
                norm[i] = ' ';
                norm[i + 1] = ' ';
                return stringConstant(i, i + 2, false);
            }
            if ((c == 'u' || c == 'U') && next == '&' && at(i + 2) == '"') {
                throw error("Unicode-escaped identifiers (U&\"...\") are not supported", i);
            }
            if (c == '"') {
                return quotedIdentifier(i);
            }
            if (c == '$') {
                return dollar(i);
            }
            if (isIdentifierStart(c)) {
                int j = i + 1;
                while (j < n && isIdentifierPart(sql.charAt(j))) {
                    j++;
                }
                add(TokenType.WORD, foldIdentifier(sql.substring(i, j)), i, j);
                return j;
            }
            if (isDigit(c) || (c == '.' && isDigit(next))) {
                return number(i);
            }
            switch (c) {
                case '(', '[' -> {
                    if (++depth > maxNestingDepth) {
                        throw error("the statement nests parentheses deeper than " + maxNestingDepth + " levels", i);
                    }
                    add(TokenType.PUNCTUATION, String.valueOf(c), i, i + 1);
                    return i + 1;
                }
                case ')', ']' -> {
                    depth = Math.max(0, depth - 1);
                    add(TokenType.PUNCTUATION, String.valueOf(c), i, i + 1);
                    return i + 1;
                }
                case ',', '.' -> {
                    add(TokenType.PUNCTUATION, String.valueOf(c), i, i + 1);
                    return i + 1;
                }
                case ':' -> {
                    int end = next == ':' ? i + 2 : i + 1;
                    add(TokenType.PUNCTUATION, sql.substring(i, end), i, end);
                    return end;
                }
                default -> {
                    if (OPERATOR_CHARS.indexOf(c) >= 0) {
                        return operator(i);
                    }
                    throw error("unexpected character U+" + String.format("%04X", (int) c), i);
                }
            }
        }

        private int operator(int i) {
            int j = i;
            while (j < n && OPERATOR_CHARS.indexOf(sql.charAt(j)) >= 0) {
                if (j > i && ((sql.charAt(j) == '-' && at(j + 1) == '-') || (sql.charAt(j) == '/' && at(j + 1) == '*'))) {
                    break;
                }
                j++;
            }
            add(TokenType.OPERATOR, sql.substring(i, j), i, j);
            return j;
        }

        private int number(int i) throws LexicalException {
            int j = i;
            if (sql.charAt(i) == '0' && "xXoObB".indexOf(at(i + 1)) >= 0 && Character.digit(at(i + 2), 16) >= 0) {
                j = i + 2;
                while (j < n && (Character.digit(sql.charAt(j), 16) >= 0 || sql.charAt(j) == '_')) {
                    j++;
                }
            } else {
                j = digits(j);
                if (at(j) == '.' && at(j + 1) != '.') {
                    j = digits(j + 1);
                }
                if ((at(j) == 'e' || at(j) == 'E')
                        && (isDigit(at(j + 1)) || ((at(j + 1) == '+' || at(j + 1) == '-') && isDigit(at(j + 2))))) {
                    j = digits(j + 2);
                }
            }
            if (j < n && isIdentifierPart(sql.charAt(j))) {
                throw error("trailing junk after numeric literal", j);
            }
            add(TokenType.NUMBER, sql.substring(i, j), i, j);
            return j;
        }

        private int digits(int j) {
            while (j < n && (isDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
                j++;
            }
            return j;
        }

        /**
         * Reads a quoted string constant starting with the quote at {@code quote} (the token starts at
         * {@code tokenStart}, before any prefix), including PostgreSQL's continuation of constants
         * separated by whitespace that contains a newline.
         */
        private int stringConstant(int tokenStart, int quote, boolean escapes) throws LexicalException {
            int j = quote + 1;
            while (true) {
                if (j >= n) {
                    throw error("unterminated quoted string", tokenStart);
                }
                char c = sql.charAt(j);
                if (escapes && c == '\\') {
                    if (j + 1 >= n) {
                        throw error("unterminated quoted string", tokenStart);
                    }
                    char escaped = sql.charAt(j + 1);
                    norm[j] = '/';
                    norm[j + 1] = escaped == '\'' ? '"' : escaped == '\\' ? '/' : escaped;
                    j += 2;
                } else if (c == '\\') {
                    norm[j] = '/';
                    j++;
                } else if (c == '\'') {
                    if (at(j + 1) == '\'') {
                        j += 2;
                        continue;
                    }
                    int continuation = continuation(j + 1);
                    if (continuation < 0) {
                        add(TokenType.STRING, sql.substring(tokenStart, j + 1), tokenStart, j + 1);
                        return j + 1;
                    }
                    // 'a'<newline>'b' is one constant: fold the closing and opening quotes into its content
                    norm[j] = ' ';
                    blank(j + 1, continuation);
                    norm[continuation] = ' ';
                    j = continuation + 1;
                } else {
                    j++;
                }
            }
        }

        /** @return the offset of the quote that continues a string constant ending before {@code i}, or -1 */
        private int continuation(int i) {
            int j = i;
            boolean newline = false;
            while (j < n) {
                char c = sql.charAt(j);
                if (c == '\n' || c == '\r') {
                    newline = true;
                    j++;
                } else if (isSpace(c)) {
                    j++;
                } else if (newline && c == '-' && at(j + 1) == '-') {
                    while (j < n && sql.charAt(j) != '\n' && sql.charAt(j) != '\r') {
                        j++;
                    }
                } else {
                    break;
                }
            }
            return newline && j < n && sql.charAt(j) == '\'' ? j : -1;
        }

        private int quotedIdentifier(int i) throws LexicalException {
            StringBuilder identifier = new StringBuilder();
            int j = i + 1;
            while (true) {
                if (j >= n) {
                    throw error("unterminated quoted identifier", i);
                }
                char c = sql.charAt(j);
                if (c == '"') {
                    if (at(j + 1) == '"') {
                        identifier.append('"');
                        j += 2;
                        continue;
                    }
                    break;
                }
                identifier.append(c);
                j++;
            }
            if (identifier.length() == 0) {
                throw error("zero-length delimited identifier", i);
            }
            add(TokenType.QUOTED_IDENTIFIER, truncateIdentifier(identifier.toString()), i, j + 1);
            return j + 1;
        }

        private int dollar(int i) throws LexicalException {
            char next = at(i + 1);
            if (isDigit(next)) {
                int j = i + 1;
                while (j < n && isDigit(sql.charAt(j))) {
                    j++;
                }
                if (j < n && isIdentifierPart(sql.charAt(j))) {
                    throw error("trailing junk after parameter", j);
                }
                add(TokenType.PARAMETER, sql.substring(i, j), i, j);
                return j;
            }
            int k = i + 1;
            if (next != '$') {
                if (!isIdentifierStart(next)) {
                    throw error("unexpected \"$\"", i);
                }
                while (k < n && isIdentifierPart(sql.charAt(k)) && sql.charAt(k) != '$') {
                    k++;
                }
                if (at(k) != '$') {
                    throw error("unexpected \"$\"", i);
                }
            }
            String tag = sql.substring(i, k + 1);
            int close = sql.indexOf(tag, k + 1);
            if (close < 0) {
                throw error("unterminated dollar-quoted string", i);
            }
            norm[i] = '\'';
            blank(i + 1, k + 1);
            for (int c = k + 1; c < close; c++) {
                if (norm[c] == '\'') {
                    norm[c] = '"';
                } else if (norm[c] == '\\') {
                    norm[c] = '/';
                }
            }
            int end = close + tag.length();
            blank(close, end - 1);
            norm[end - 1] = '\'';
            add(TokenType.STRING, sql.substring(i, end), i, end);
            return end;
        }
    }
}
