package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.Lineage;
import dev.phiguard.policies.sql.OutputColumn;
import dev.phiguard.policies.sql.StatementFacts;
import dev.phiguard.policies.sql.StatementKind;
import dev.phiguard.policies.sql.StatementTrait;
import dev.phiguard.policies.sql.TableRef;
import dev.phiguard.policies.sql.lex.LexicalException;
import dev.phiguard.policies.sql.lex.StatementText;
import dev.phiguard.policies.sql.lex.Token;
import dev.phiguard.policies.sql.lex.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Statements JSqlParser does not parse that wrap another statement or name a table: COPY, DECLARE
 * CURSOR, PREPARE and EXPLAIN. Their heads are read token by token; the wrapped statement is
 * analysed on its own and its facts become {@link StatementFacts#inner()} and part of the outer facts.
 */
final class WrappingStatements {

    private final Function<StatementText, StatementFacts> router;
    private final Toolkit toolkit;

    /**
     * @param router analyses a wrapped statement (any statement the analyser supports)
     * @param toolkit catalog and settings
     */
    WrappingStatements(Function<StatementText, StatementFacts> router, Toolkit toolkit) {
        this.router = router;
        this.toolkit = toolkit;
    }

    /** {@code DECLARE name [BINARY] [ASENSITIVE | INSENSITIVE] [[NO] SCROLL] CURSOR [{WITH | WITHOUT} HOLD] FOR query}. */
    StatementFacts declare(StatementText text) {
        TokenCursor cursor = new TokenCursor(text);
        cursor.next();
        String name = cursor.identifier();
        boolean binary = false;
        while (!cursor.atWord("cursor")) {
            if (cursor.acceptWord("binary")) {
                binary = true;
            } else if (!cursor.acceptWord("asensitive", "insensitive", "no", "scroll")) {
                throw cursor.unexpected();
            }
        }
        cursor.next();
        if (cursor.acceptWord("with", "without") && !cursor.acceptWord("hold")) {
            throw cursor.unexpected();
        }
        if (!cursor.acceptWord("for")) {
            throw cursor.unexpected();
        }
        StatementFacts query = inner(cursor);
        requireKind(query, cursor, StatementKind.SELECT);
        return wrap(StatementKind.DECLARE_CURSOR, query, query.outputs(), query.limit(), name,
                binary ? List.of(StatementTrait.BINARY) : List.of());
    }

    /** {@code PREPARE name [(type, ...)] AS statement}, or two-phase {@code PREPARE TRANSACTION 'id'}. */
    StatementFacts prepare(StatementText text) {
        TokenCursor cursor = new TokenCursor(text);
        cursor.next();
        if (cursor.atWord("transaction") && cursor.peek(1) != null && cursor.peek(1).type() == TokenType.STRING) {
            return new FactsCollector().toFacts(StatementKind.OTHER);
        }
        String name = cursor.identifier();
        if (cursor.atPunctuation("(")) {
            cursor.skipParenthesised();
        }
        if (!cursor.acceptWord("as")) {
            throw cursor.unexpected();
        }
        StatementFacts statement = inner(cursor);
        requireKind(statement, cursor, StatementKind.SELECT, StatementKind.INSERT, StatementKind.UPDATE, StatementKind.DELETE,
                StatementKind.MERGE);
        return wrap(StatementKind.PREPARE, statement, statement.outputs(), statement.limit(), name, List.of());
    }

    /** {@code EXPLAIN [ANALYZE] [VERBOSE] statement} or {@code EXPLAIN (option [value], ...) statement}. */
    StatementFacts explain(StatementText text) {
        TokenCursor cursor = new TokenCursor(text);
        cursor.next();
        boolean analyze = false;
        if (cursor.atPunctuation("(")) {
            analyze = explainOptions(cursor);
        } else {
            if (cursor.acceptWord("analyze", "analyse")) {
                analyze = true;
            }
            cursor.acceptWord("verbose");
        }
        StatementFacts statement = inner(cursor);
        List<OutputColumn> plan = List.of(new OutputColumn("QUERY PLAN",
                new Lineage.Unknown("EXPLAIN returns plan text, whose content is not analysed")));
        return wrap(StatementKind.EXPLAIN, statement, plan, OptionalLong.empty(), null,
                analyze ? List.of(StatementTrait.EXPLAIN_ANALYZE) : List.of());
    }

    /** Reads {@code (option [value], ...)}; returns whether ANALYZE is on. */
    private static boolean explainOptions(TokenCursor cursor) {
        cursor.next();
        boolean analyze = false;
        while (!cursor.atPunctuation(")")) {
            String option = cursor.identifier();
            boolean on = true;
            while (!cursor.atPunctuation(",") && !cursor.atPunctuation(")")) {
                Token value = cursor.next();
                String v = value.text().toLowerCase(Locale.ROOT).replace("'", "");
                if (v.equals("false") || v.equals("off") || v.equals("0") || v.equals("no")) {
                    on = false;
                }
            }
            if ((option.equals("analyze") || option.equals("analyse")) && on) {
                analyze = true;
            }
            if (cursor.atPunctuation(",")) {
                cursor.next();
            }
        }
        cursor.next();
        return analyze;
    }

    /**
     * {@code COPY {table [(column, ...)] | (query)} {TO | FROM} {STDOUT | STDIN | 'file' | PROGRAM 'command'} [options]}.
     */
    StatementFacts copy(StatementText text) {
        TokenCursor cursor = new TokenCursor(text);
        cursor.next();
        boolean binary = cursor.acceptWord("binary");
        if (cursor.atPunctuation("(")) {
            int open = cursor.index();
            cursor.skipParenthesised();
            int close = cursor.index() - 1;
            if (close - open < 2) {
                throw cursor.unexpected();
            }
            StatementFacts query = route(text.slice(open + 1, close));
            if (!cursor.acceptWord("to")) {
                throw cursor.unexpected();
            }
            List<StatementTrait> traits = copyTarget(cursor, binary);
            return wrap(StatementKind.COPY_TO, query, query.outputs(), query.limit(), null, traits);
        }
        int tableStart = cursor.index();
        List<String> tableName = new ArrayList<>(List.of(cursor.identifier()));
        while (cursor.atPunctuation(".")) {
            cursor.next();
            tableName.add(cursor.identifier());
        }
        int tableEnd = cursor.index();
        int columnsStart = -1;
        int columnsEnd = -1;
        if (cursor.atPunctuation("(")) {
            columnsStart = cursor.index() + 1;
            cursor.skipParenthesised();
            columnsEnd = cursor.index() - 1;
        }
        if (cursor.acceptWord("from")) {
            List<StatementTrait> traits = copyTarget(cursor, binary);
            Context ctx = toolkit.newContext();
            ctx.facts.written.add(resolveTable(tableName, ctx, text));
            ctx.facts.traits.addAll(traits);
            return ctx.facts.toFacts(StatementKind.COPY_FROM);
        }
        if (!cursor.acceptWord("to")) {
            throw cursor.unexpected();
        }
        List<StatementTrait> traits = copyTarget(cursor, binary);
        // COPY t (a, b) TO ... returns what SELECT a, b FROM t returns
        String columns = columnsStart < 0 || columnsEnd <= columnsStart ? "*" : source(text, columnsStart, columnsEnd);
        StatementFacts select;
        try {
            select = route(syntheticStatement(text, "SELECT " + columns + " FROM " + source(text, tableStart, tableEnd)));
        } catch (UnanalysableStatement e) {
            throw new UnanalysableStatement("COPY: " + e.getMessage(), text.start());
        }
        FactsCollector facts = new FactsCollector();
        facts.include(select);
        facts.traits.addAll(traits);
        return facts.toFacts(StatementKind.COPY_TO, select.outputs(), OptionalLong.empty(), Optional.empty(), Optional.empty());
    }

    private static String source(StatementText text, int fromToken, int toToken) {
        return text.normalised().substring(text.tokens().get(fromToken).start() - text.start(),
                text.tokens().get(toToken - 1).end() - text.start());
    }

    private static TableRef resolveTable(List<String> name, Context ctx, StatementText text) {
        if (name.size() == 1) {
            return ctx.relations.resolveUnqualified(name.get(0));
        }
        if (name.size() == 2) {
            TableRef ref = TableRef.of(name.get(0), name.get(1));
            if (ctx.shape(ref).isEmpty()) {
                ctx.note("relation " + ref + " is not in the catalog");
            }
            return ref;
        }
        throw new UnanalysableStatement("cross-database reference in COPY", text.start());
    }

    /** Reads the COPY target and options; returns the traits they imply. */
    private static List<StatementTrait> copyTarget(TokenCursor cursor, boolean binary) {
        List<StatementTrait> traits = new ArrayList<>();
        if (cursor.acceptWord("program")) {
            traits.add(StatementTrait.COPY_PROGRAM);
            if (!cursor.atString()) {
                throw cursor.unexpected();
            }
            cursor.next();
        } else if (cursor.atString()) {
            traits.add(StatementTrait.COPY_FILE);
            cursor.next();
        } else if (!cursor.acceptWord("stdout", "stdin")) {
            throw cursor.unexpected();
        }
        boolean binaryFormat = binary;
        while (!cursor.atEnd()) {
            Token token = cursor.next();
            if (token.isWord("binary") || (token.type() == TokenType.STRING && token.text().toLowerCase(Locale.ROOT).contains("binary"))) {
                binaryFormat = true;
            }
        }
        if (binaryFormat) {
            traits.add(StatementTrait.BINARY);
        }
        return traits;
    }

    private StatementFacts inner(TokenCursor cursor) {
        if (cursor.atEnd()) {
            throw cursor.unexpected();
        }
        return route(cursor.statement().tail(cursor.index()));
    }

    private StatementFacts route(StatementText text) {
        return router.apply(text);
    }

    private StatementText syntheticStatement(StatementText original, String sql) {
        try {
            List<StatementText> statements = toolkit.lexer.split(sql);
            if (statements.size() != 1) {
                throw new UnanalysableStatement("cannot analyse COPY", original.start());
            }
            return statements.get(0);
        } catch (LexicalException e) {
            throw new UnanalysableStatement("cannot analyse COPY: " + e.getMessage(), original.start());
        }
    }

    private static void requireKind(StatementFacts facts, TokenCursor cursor, StatementKind... kinds) {
        for (StatementKind kind : kinds) {
            if (facts.kind() == kind) {
                return;
            }
        }
        throw new UnanalysableStatement(facts.kind() + " cannot be wrapped here", cursor.statement().start());
    }

    private static StatementFacts wrap(StatementKind kind, StatementFacts inner, List<OutputColumn> outputs, OptionalLong limit,
            String objectName, List<StatementTrait> traits) {
        FactsCollector facts = new FactsCollector();
        facts.include(inner);
        facts.traits.addAll(traits);
        return facts.toFacts(kind, outputs, limit, Optional.ofNullable(objectName), Optional.of(inner));
    }
}
