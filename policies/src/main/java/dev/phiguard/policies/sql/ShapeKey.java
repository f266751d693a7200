package dev.phiguard.policies.sql;

import dev.phiguard.policies.sql.lex.LexicalException;
import dev.phiguard.policies.sql.lex.PgLexer;
import dev.phiguard.policies.sql.lex.StatementText;
import dev.phiguard.policies.sql.lex.Token;
import dev.phiguard.policies.sql.lex.TokenType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The cache key of a SQL string for {@link CachingAnalyzer}: its tokens, with the constants whose values the
 * PostgreSQL analyser provably does not read replaced by placeholders (as {@code pg_stat_statements} normalises), so
 * that {@code ... WHERE aid = 48213} and {@code ... WHERE aid = 7} share one analysis.
 *
 * <p>Why this is safe: the key is built from the same lexer ({@link PgLexer}) the analyser reads, so two strings with
 * one key have the same statements, the same tokens and the same token classes; whitespace and comments, which the
 * lexer blanks, are not in the key. A constant becomes a placeholder only where the analyser never reads its value.
 * The analyser reads constant values in these places, and there the key keeps the constant's text:
 * <ul>
 *   <li>the row count of {@code LIMIT} and {@code FETCH FIRST} ({@link StatementFacts#limit()}, read by hold rules)
 *       and the positional references of {@code ORDER BY} / {@code GROUP BY} ({@code ORDER BY 2}): every constant
 *       after {@code LIMIT}, {@code OFFSET}, {@code FETCH} or {@code BY} up to the next {@code SELECT},
 *       {@code WHERE}, {@code HAVING}, {@code WINDOW}, {@code RETURNING} or set operation of the same parenthesis
 *       level, and everything in parentheses opened there;</li>
 *   <li>statements other than queries and data modifications ({@code COPY ... (FORMAT 'binary')}, {@code SET},
 *       {@code FETCH}, {@code PREPARE}, {@code EXPLAIN}, ...), which are read token by token: every constant.</li>
 * </ul>
 * Where a value could matter to a policy although the analyser does not read it today, the key keeps it too: every
 * constant inside the parentheses of a function call or of anything else that may be one (a word or quoted
 * identifier before the parenthesis, other than a few keywords such as {@code IN}, {@code VALUES}, {@code EXISTS},
 * {@code FROM}), so {@code set_config('search_path', ...)} or {@code query_to_xml('...')}; every constant cast with
 * {@code ::} ({@code 'patients'::regclass}); every string constant after a type name ({@code regclass 'patients'},
 * {@code interval '1 day'}); and every number that is not a plain integer of at most 18 digits or a plain decimal
 * (so {@code 1e400}, {@code 0x1F} or a 30-digit integer are never merged with another value). Placeholders keep
 * the constant's class (string with its prefix form, integer, decimal), so {@code aid = 5} and {@code aid = '5'} have
 * different keys.
 *
 * <p>Strings that do not lex have no key: the caller falls back to the exact text. Thread-safe.
 */
final class ShapeKey {

    /** Statement heads the query analyser (JSqlParser) reads; all other statements keep every constant. */
    private static final Set<String> QUERY_HEADS = Set.of("select", "values", "table", "with", "insert", "update", "delete");
    /** Words after which the following constants may be read by value (row limits, positional references). */
    private static final Set<String> VALUE_CLAUSES = Set.of("limit", "offset", "fetch", "by");
    /** Words that end such a clause at the same parenthesis level. */
    private static final Set<String> CLAUSE_ENDS = Set.of("select", "where", "having", "window", "returning", "union",
            "intersect", "except");
    /** Words before a parenthesis that do not make it a function call or a type modifier. */
    private static final Set<String> NOT_CALLS = Set.of("in", "values", "exists", "from", "join", "as", "select",
            "where", "and", "or", "not", "union", "intersect", "except", "lateral", "when", "then", "else", "having",
            "returning", "materialized");
    /** Words before a string constant that cannot be a type name (so the string is not a typed constant). */
    private static final Set<String> NOT_TYPES = Set.of("select", "where", "and", "or", "not", "when", "then", "else",
            "like", "ilike", "between", "is", "from", "distinct", "having", "escape", "set", "values", "returning");
    private static final int MAX_PLAIN_DIGITS = 18;

    private final PgLexer lexer;
    private final int maxSqlLength;

    /**
     * @param settings the analyser's settings: strings it refuses for their length or nesting have no key
     */
    ShapeKey(AnalyzerSettings settings) {
        this.lexer = new PgLexer(settings.maxNestingDepth());
        this.maxSqlLength = settings.maxSqlLength();
    }

    /**
     * @param sql a SQL string
     * @return its key; empty when the string is longer than the analyser accepts, does not lex, or has no constant
     *     that the key replaces by a placeholder (in all three cases the exact text is the better key)
     */
    Optional<String> of(String sql) {
        Objects.requireNonNull(sql, "sql");
        if (sql.length() > maxSqlLength) {
            return Optional.empty();
        }
        List<StatementText> statements;
        try {
            statements = lexer.split(sql);
        } catch (LexicalException e) {
            return Optional.empty();
        }
        StringBuilder key = new StringBuilder(sql.length() + 16);
        boolean generalised = false;
        for (StatementText statement : statements) {
            generalised |= new Statement(sql, statement.tokens(), key).append();
            key.append(';');
        }
        return generalised ? Optional.of(key.toString()) : Optional.empty();
    }

    /** One parenthesis level: whether its constants are kept, and whether a value clause is open in it. */
    private static final class Level {
        final boolean keepAll;
        boolean inValueClause;

        Level(boolean keepAll) {
            this.keepAll = keepAll;
        }
    }

    /** Appends one statement's tokens to the key. */
    private static final class Statement {
        private final String sql;
        private final List<Token> tokens;
        private final StringBuilder key;
        private final Deque<Level> levels = new ArrayDeque<>();
        private boolean generalised;

        Statement(String sql, List<Token> tokens, StringBuilder key) {
            this.sql = sql;
            this.tokens = tokens;
            this.key = key;
        }

        /** @return whether a constant was replaced by a placeholder */
        boolean append() {
            Token head = tokens.get(0);
            levels.push(new Level(head.type() != TokenType.WORD || !QUERY_HEADS.contains(head.text())));
            for (int i = 0; i < tokens.size(); i++) {
                Token token = tokens.get(i);
                Token previous = i > 0 ? tokens.get(i - 1) : null;
                switch (token.type()) {
                    case STRING, NUMBER -> constant(token, previous, i + 1 < tokens.size() ? tokens.get(i + 1) : null);
                    case PUNCTUATION -> punctuation(token, previous);
                    case WORD -> word(token);
                    default -> verbatim(token);
                }
            }
            return generalised;
        }

        private void word(Token token) {
            Level level = levels.peek();
            if (VALUE_CLAUSES.contains(token.text())) {
                level.inValueClause = true;
            } else if (CLAUSE_ENDS.contains(token.text())) {
                level.inValueClause = false;
            }
            verbatim(token);
        }

        private void punctuation(Token token, Token previous) {
            String text = token.text();
            if (text.equals("(") || text.equals("[")) {
                Level outer = levels.peek();
                levels.push(new Level(outer.keepAll || outer.inValueClause || mayBeCall(previous)));
            } else if ((text.equals(")") || text.equals("]")) && levels.size() > 1) {
                levels.pop();
            }
            verbatim(token);
        }

        private static boolean mayBeCall(Token previous) {
            if (previous == null) {
                return false;
            }
            return switch (previous.type()) {
                case WORD -> !NOT_CALLS.contains(previous.text());
                case QUOTED_IDENTIFIER, PARAMETER, STRING, NUMBER -> true;
                case PUNCTUATION -> previous.text().equals(")") || previous.text().equals("]");
                default -> false;
            };
        }

        private void constant(Token token, Token previous, Token next) {
            Level level = levels.peek();
            String placeholder = token.type() == TokenType.STRING ? stringClass(token) : numberClass(token);
            boolean keep = level.keepAll || level.inValueClause || placeholder == null
                    || (next != null && next.isPunctuation("::"))
                    || (token.type() == TokenType.STRING && mayBeTypeName(previous));
            if (keep) {
                verbatim(token);
            } else {
                key.append(placeholder).append(' ');
                generalised = true;
            }
        }

        private static boolean mayBeTypeName(Token previous) {
            if (previous == null) {
                return false;
            }
            return switch (previous.type()) {
                case WORD -> !NOT_TYPES.contains(previous.text());
                case QUOTED_IDENTIFIER -> true;
                case PUNCTUATION -> previous.text().equals(")") || previous.text().equals("]");
                default -> false;
            };
        }

        /** {@code ?s} plus the prefix form ({@code E}, {@code B}, {@code X}, {@code N}, {@code U&}, {@code $}). */
        private String stringClass(Token token) {
            char first = sql.charAt(token.start());
            if (first == '\'') {
                return "?s";
            }
            if (first == '$') {
                return "?s$";
            }
            int quote = sql.indexOf('\'', token.start());
            return "?s" + sql.substring(token.start(), quote).toUpperCase(Locale.ROOT);
        }

        /** {@code ?i} for a plain integer, {@code ?d} for a plain decimal, else null (the value is kept). */
        private String numberClass(Token token) {
            int dot = -1;
            int length = token.end() - token.start();
            if (length > MAX_PLAIN_DIGITS) {
                return null;
            }
            for (int k = token.start(); k < token.end(); k++) {
                char c = sql.charAt(k);
                if (c == '.' && dot < 0) {
                    dot = k;
                } else if (c < '0' || c > '9') {
                    return null;
                }
            }
            if (dot < 0) {
                return "?i";
            }
            return dot > token.start() && dot < token.end() - 1 ? "?d" : null;
        }

        /** The token's type and source text, length-prefixed so that no two token sequences give one key. */
        private void verbatim(Token token) {
            key.append(token.type().ordinal()).append(token.end() - token.start()).append(':')
                    .append(sql, token.start(), token.end()).append(' ');
        }
    }
}
