package dev.phiguard.policies.sql;

import dev.phiguard.policies.sql.jsqlparser.JSqlParserAnalyzer;

/**
 * Turns one SQL string, as a client sends it in a Query or Parse message, into {@link Analysis facts}.
 *
 * <p>Implementations are thread-safe and never throw for bad SQL: whatever cannot be analysed is an
 * {@link Analysis.Unanalysable}. The string is analysed as PostgreSQL would read it with
 * {@code standard_conforming_strings = on} (the default since 9.1); a policy should therefore refuse
 * {@code SET standard_conforming_strings} (it is visible as {@link StatementKind#SET} with that
 * {@link StatementFacts#objectName()}), and likewise {@code SET search_path}, which changes how
 * unqualified names resolve.
 */
public interface SqlAnalyzer {

    /**
     * @param sql the SQL string (one or more statements separated by semicolons)
     * @return the facts, or why the string cannot be analysed
     */
    Analysis analyze(String sql);

    /**
     * @param catalog the target database's relations
     * @param settings search path and limits
     * @return the PostgreSQL analyser (thread-safe, uncached; wrap it in {@link CachingAnalyzer})
     */
    static SqlAnalyzer postgres(Catalog catalog, AnalyzerSettings settings) {
        return new JSqlParserAnalyzer(catalog, settings);
    }
}
