package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.Analysis;
import dev.phiguard.policies.sql.AnalyzerSettings;
import dev.phiguard.policies.sql.Catalog;
import dev.phiguard.policies.sql.SqlAnalyzer;
import dev.phiguard.policies.sql.StatementFacts;
import dev.phiguard.policies.sql.lex.LexicalException;
import dev.phiguard.policies.sql.lex.StatementText;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The PostgreSQL {@link SqlAnalyzer} built on JSqlParser: splits the string with PostgreSQL's lexical
 * rules, analyses each statement, and turns any failure into {@link Analysis.Unanalysable} for the
 * whole string. Stateless between calls and thread-safe (the catalog must be thread-safe too).
 */
public final class JSqlParserAnalyzer implements SqlAnalyzer {

    private final Toolkit toolkit;
    private final StatementRouter router;

    /**
     * @param catalog the target database's relations
     * @param settings search path and limits
     */
    public JSqlParserAnalyzer(Catalog catalog, AnalyzerSettings settings) {
        this.toolkit = new Toolkit(catalog, settings);
        this.router = new StatementRouter(toolkit);
    }

    /** @return the settings this analyser reads with (the shape cache lexes with the same limits) */
    public AnalyzerSettings settings() {
        return toolkit.settings;
    }

    @Override
    public Analysis analyze(String sql) {
        Objects.requireNonNull(sql, "sql");
        int limit = toolkit.settings.maxSqlLength();
        if (sql.length() > limit) {
            return new Analysis.Unanalysable("the SQL text is " + sql.length() + " characters long, over the limit of " + limit,
                    OptionalInt.empty(), OptionalInt.of(limit));
        }
        List<StatementText> statements;
        try {
            statements = toolkit.lexer.split(sql);
        } catch (LexicalException e) {
            return new Analysis.Unanalysable("statement " + (e.statementIndex() + 1) + ": " + e.getMessage(),
                    OptionalInt.of(e.statementIndex()), OptionalInt.of(e.position()));
        }
        List<StatementFacts> facts = new ArrayList<>(statements.size());
        for (StatementText statement : statements) {
            String prefix = "statement " + (statement.index() + 1) + ": ";
            try {
                facts.add(router.analyze(statement));
            } catch (UnanalysableStatement e) {
                return new Analysis.Unanalysable(prefix + e.getMessage(), OptionalInt.of(statement.index()), e.position());
            } catch (StackOverflowError e) {
                return new Analysis.Unanalysable(prefix + "the statement is nested too deeply to analyse",
                        OptionalInt.of(statement.index()), OptionalInt.of(statement.start()));
            } catch (RuntimeException e) {
                // a defect in the analyser must not let the statement through
                return new Analysis.Unanalysable(prefix + "the analyser failed (" + e.getClass().getSimpleName() + ")",
                        OptionalInt.of(statement.index()), OptionalInt.of(statement.start()));
            }
        }
        return new Analysis.Analysed(facts);
    }
}
