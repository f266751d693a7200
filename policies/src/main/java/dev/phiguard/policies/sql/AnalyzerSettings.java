package dev.phiguard.policies.sql;

import java.util.Objects;

/**
 * How the analyser resolves names and which inputs it refuses as too large.
 *
 * @param searchPath the search path for unqualified relation names
 * @param maxSqlLength the longest SQL string analysed, in characters; longer ones are unanalysable
 * @param maxNestingDepth the deepest parenthesis nesting accepted; deeper strings are unanalysable
 *     (this bounds parser time and recursion)
 * @param maxViewDepth how many views deep a view is expanded; deeper columns are {@link Lineage.Unknown}
 */
public record AnalyzerSettings(SearchPath searchPath, int maxSqlLength, int maxNestingDepth, int maxViewDepth) {

    /** Default longest SQL string: 1 MiB of characters. */
    public static final int DEFAULT_MAX_SQL_LENGTH = 1 << 20;
    /** Default deepest parenthesis nesting. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 64;
    /** Default deepest view expansion. */
    public static final int DEFAULT_MAX_VIEW_DEPTH = 8;

    /** Validates. */
    public AnalyzerSettings {
        Objects.requireNonNull(searchPath, "searchPath");
        if (maxSqlLength < 1) {
            throw new IllegalArgumentException("maxSqlLength must be at least 1, was " + maxSqlLength);
        }
        if (maxNestingDepth < 1) {
            throw new IllegalArgumentException("maxNestingDepth must be at least 1, was " + maxNestingDepth);
        }
        if (maxViewDepth < 0) {
            throw new IllegalArgumentException("maxViewDepth must be 0 or more, was " + maxViewDepth);
        }
    }

    /** @return the defaults: search path {@code public}, 1 MiB, nesting 64, views 8 deep */
    public static AnalyzerSettings defaults() {
        return new AnalyzerSettings(SearchPath.defaultPath(), DEFAULT_MAX_SQL_LENGTH, DEFAULT_MAX_NESTING_DEPTH,
                DEFAULT_MAX_VIEW_DEPTH);
    }

    /**
     * @param path another search path
     * @return these settings with that search path
     */
    public AnalyzerSettings withSearchPath(SearchPath path) {
        return new AnalyzerSettings(path, maxSqlLength, maxNestingDepth, maxViewDepth);
    }
}
