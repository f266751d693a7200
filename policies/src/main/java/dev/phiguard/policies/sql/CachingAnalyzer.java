package dev.phiguard.policies.sql;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A bounded, thread-safe, least-recently-used cache of analyses in front of another analyser, keyed
 * by the exact SQL text (no normalisation at all: two strings that differ in one space are two
 * entries).
 *
 * <p>The cache holds at most {@code maxEntries} analyses and at most {@code maxTotalChars} characters
 * of SQL keys; a string longer than {@code maxTotalChars / 16} is analysed every time and never
 * cached. Analyses depend on the catalog and the search path: call {@link #invalidateAll()} when the
 * catalog changes, and use one cache per search path.
 *
 * <p>Two threads missing on the same text at once may both analyse it; both get equal results.
 */
public final class CachingAnalyzer implements SqlAnalyzer {

    /** A sensible default entry bound. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** A sensible default bound on the characters of cached SQL (32 Mi characters). */
    public static final long DEFAULT_MAX_TOTAL_CHARS = 32L << 20;

    private final SqlAnalyzer delegate;
    private final int maxEntries;
    private final long maxTotalChars;
    private final long maxCachedLength;
    private final LinkedHashMap<String, Analysis> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long totalChars;
    private long hits;
    private long misses;

    /**
     * @param delegate the analyser to call on a miss
     * @param maxEntries the most analyses kept
     * @param maxTotalChars the most characters of SQL text kept as keys
     */
    public CachingAnalyzer(SqlAnalyzer delegate, int maxEntries, long maxTotalChars) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        if (maxTotalChars < 16) {
            throw new IllegalArgumentException("maxTotalChars must be at least 16, was " + maxTotalChars);
        }
        this.maxEntries = maxEntries;
        this.maxTotalChars = maxTotalChars;
        this.maxCachedLength = maxTotalChars / 16;
    }

    /**
     * @param delegate the analyser to call on a miss
     * @return a cache with the default bounds
     */
    public static CachingAnalyzer withDefaults(SqlAnalyzer delegate) {
        return new CachingAnalyzer(delegate, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_TOTAL_CHARS);
    }

    @Override
    public Analysis analyze(String sql) {
        Objects.requireNonNull(sql, "sql");
        synchronized (entries) {
            Analysis cached = entries.get(sql);
            if (cached != null) {
                hits++;
                return cached;
            }
            misses++;
        }
        Analysis analysis = delegate.analyze(sql);
        if (sql.length() <= maxCachedLength) {
            synchronized (entries) {
                if (entries.put(sql, analysis) == null) {
                    totalChars += sql.length();
                }
                evict();
            }
        }
        return analysis;
    }

    /** Drops every cached analysis (call it when the catalog or the search path changes). */
    public void invalidateAll() {
        synchronized (entries) {
            entries.clear();
            totalChars = 0;
        }
    }

    /** @return the number of cached analyses */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** @return lookups answered from the cache since creation */
    public long hits() {
        synchronized (entries) {
            return hits;
        }
    }

    /** @return lookups that called the delegate since creation */
    public long misses() {
        synchronized (entries) {
            return misses;
        }
    }

    private void evict() {
        var iterator = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || totalChars > maxTotalChars) && iterator.hasNext()) {
            Map.Entry<String, Analysis> eldest = iterator.next();
            totalChars -= eldest.getKey().length();
            iterator.remove();
        }
    }
}
