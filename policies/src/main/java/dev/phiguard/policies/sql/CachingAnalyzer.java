package dev.phiguard.policies.sql;

import dev.phiguard.policies.sql.jsqlparser.JSqlParserAnalyzer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A bounded, thread-safe, least-recently-used cache of analyses in front of another analyser, keyed
 * by the exact SQL text or, in front of the PostgreSQL analyser, by the statement's shape.
 *
 * <p>Shape keys ({@link ShapeKey}) replace the constants whose values the analyser does not read by
 * placeholders, so that clients which write every value into the text (pgbench and most simple-protocol
 * clients: {@code ... WHERE aid = 48213}) are answered from the cache after the first statement of each
 * shape, with exactly the analysis the analyser would give for the new text. Constants whose values the
 * analysis depends on ({@code LIMIT} row counts, {@code ORDER BY 2}, casts such as
 * {@code 'patients'::regclass}, function arguments, whole {@code COPY}/{@code SET}/... statements) stay
 * in the key. Only {@link Analysis.Analysed} results are kept under a shape; an
 * {@link Analysis.Unanalysable} one (whose position depends on the text) and a string that does not
 * lex or has no constant to replace are kept under its exact text. Any other delegate is keyed by the
 * exact text only (no normalisation at all: two strings that differ in one space are two entries).
 *
 * <p>The cache holds at most {@code maxEntries} analyses and at most {@code maxTotalChars} characters
 * of keys; a string longer than {@code maxTotalChars / 16} is analysed every time and never
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
    private final ShapeKey shapes; // null: exact text only
    private final LinkedHashMap<Key, Analysis> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long totalChars;
    private long hits;
    private long misses;

    /**
     * @param delegate the analyser to call on a miss
     * @param maxEntries the most analyses kept
     * @param maxTotalChars the most characters of SQL text kept as keys
     */
    public CachingAnalyzer(SqlAnalyzer delegate, int maxEntries, long maxTotalChars) {
        this(delegate, maxEntries, maxTotalChars, Keying.EXACT_TEXT);
    }

    /**
     * @param delegate the analyser to call on a miss
     * @param maxEntries the most analyses kept
     * @param maxTotalChars the most characters of keys kept
     * @param keying how statements are keyed; {@link Keying#SHAPE} needs the PostgreSQL analyser
     *     ({@link SqlAnalyzer#postgres}) as delegate, because the shape rules follow what it reads
     * @throws IllegalArgumentException for a bad bound, or shape keys in front of another analyser
     */
    public CachingAnalyzer(SqlAnalyzer delegate, int maxEntries, long maxTotalChars, Keying keying) {
        Objects.requireNonNull(keying, "keying");
        if (keying == Keying.SHAPE && !(delegate instanceof JSqlParserAnalyzer)) {
            throw new IllegalArgumentException("shape keys are only valid in front of the PostgreSQL analyser");
        }
        this.shapes = keying == Keying.SHAPE ? new ShapeKey(((JSqlParserAnalyzer) delegate).settings()) : null;
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
     * @return a cache with the default bounds, keyed by shape in front of the PostgreSQL analyser and by
     *     exact text in front of any other
     */
    public static CachingAnalyzer withDefaults(SqlAnalyzer delegate) {
        Keying keying = delegate instanceof JSqlParserAnalyzer ? Keying.SHAPE : Keying.EXACT_TEXT;
        return new CachingAnalyzer(delegate, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_TOTAL_CHARS, keying);
    }

    /** How statements are keyed. */
    public enum Keying {
        /** By the exact SQL text. */
        EXACT_TEXT,
        /** By the statement's shape where that is safe ({@link ShapeKey}), else by the exact text. */
        SHAPE
    }

    /** A key: the exact text or a shape (two namespaces, so a shape never equals a text). */
    private record Key(boolean shape, String text) {
    }

    @Override
    public Analysis analyze(String sql) {
        Objects.requireNonNull(sql, "sql");
        if (sql.length() > maxCachedLength) {
            synchronized (entries) {
                misses++;
            }
            return delegate.analyze(sql);
        }
        Key exact = new Key(false, sql);
        synchronized (entries) {
            Analysis cached = entries.get(exact);
            if (cached != null) {
                hits++;
                return cached;
            }
        }
        Optional<String> shapeText = shapes == null ? Optional.empty() : shapes.of(sql);
        Key shape = shapeText.map(text -> new Key(true, text)).orElse(null);
        synchronized (entries) {
            Analysis cached = shape == null ? null : entries.get(shape);
            if (cached != null) {
                hits++;
                return cached;
            }
            misses++;
        }
        Analysis analysis = delegate.analyze(sql);
        Key key = shape != null && analysis instanceof Analysis.Analysed ? shape : exact;
        if (key.text().length() <= maxCachedLength) {
            synchronized (entries) {
                if (entries.put(key, analysis) == null) {
                    totalChars += key.text().length();
                }
                evict();
            }
        }
        return analysis;
    }

    /** @return whether this cache keys statements by shape */
    public boolean keysByShape() {
        return shapes != null;
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
            Map.Entry<Key, Analysis> eldest = iterator.next();
            totalChars -= eldest.getKey().text().length();
            iterator.remove();
        }
    }
}
