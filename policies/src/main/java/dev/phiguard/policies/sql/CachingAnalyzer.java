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
    private final long maxCachedLength;
    private final ShapeKey shapes; // null: exact text only
    private final Lru entries; // exact texts and shapes; guarded by itself, as is everything below
    private final Lru repeats; // exact texts of analyses kept under a shape; null when keyed by exact text
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
     * With shape keys, one eighth of each bound (at least one entry) is set aside for the exact texts of analyses
     * kept under a shape, so that a text sent again is answered without the lexer pass that computes its shape,
     * while a stream of ever new texts cannot push the shapes out.
     *
     * @param delegate the analyser to call on a miss
     * @param maxEntries the most analyses kept
     * @param maxTotalChars the most characters of keys kept
     * @param keying how statements are keyed; {@link Keying#SHAPE} needs the PostgreSQL analyser
     *     ({@link SqlAnalyzer#postgres}) as delegate, because the shape rules follow what it reads
     * @throws IllegalArgumentException for a bad bound, or shape keys in front of another analyser
     */
    public CachingAnalyzer(SqlAnalyzer delegate, int maxEntries, long maxTotalChars, Keying keying) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(keying, "keying");
        if (keying == Keying.SHAPE && !(delegate instanceof JSqlParserAnalyzer)) {
            throw new IllegalArgumentException("shape keys are only valid in front of the PostgreSQL analyser");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        if (maxTotalChars < 16) {
            throw new IllegalArgumentException("maxTotalChars must be at least 16, was " + maxTotalChars);
        }
        this.maxCachedLength = maxTotalChars / 16;
        int repeatEntries = keying == Keying.SHAPE && maxEntries >= 8 ? maxEntries / 8 : 0;
        if (repeatEntries > 0) {
            this.shapes = new ShapeKey(((JSqlParserAnalyzer) delegate).settings());
            this.repeats = new Lru(repeatEntries, maxTotalChars / 8);
            this.entries = new Lru(maxEntries - repeatEntries, maxTotalChars - maxTotalChars / 8);
        } else {
            this.shapes = keying == Keying.SHAPE ? new ShapeKey(((JSqlParserAnalyzer) delegate).settings()) : null;
            this.repeats = null;
            this.entries = new Lru(maxEntries, maxTotalChars);
        }
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
            if (cached == null && repeats != null) {
                cached = repeats.get(exact);
            }
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
                remember(exact, cached);
                return cached;
            }
            misses++;
        }
        Analysis analysis = delegate.analyze(sql);
        boolean byShape = shape != null && analysis instanceof Analysis.Analysed;
        synchronized (entries) {
            entries.put(byShape ? shape : exact, analysis);
            if (byShape) {
                remember(exact, analysis);
            }
        }
        return analysis;
    }

    /** Keeps the exact text of an analysis found under its shape (caller holds the lock). */
    private void remember(Key exact, Analysis analysis) {
        if (repeats != null) {
            repeats.put(exact, analysis);
        }
    }

    /** @return whether this cache keys statements by shape */
    public boolean keysByShape() {
        return shapes != null;
    }

    /** Drops every cached analysis (call it when the catalog or the search path changes). */
    public void invalidateAll() {
        synchronized (entries) {
            entries.clear();
            if (repeats != null) {
                repeats.clear();
            }
        }
    }

    /** @return the number of cached analyses (exact texts and shapes; not the exact texts kept for repeats) */
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

    /** A least-recently-used map bounded in entries and in characters of keys (not thread-safe). */
    private static final class Lru {
        private final int maxEntries;
        private final long maxTotalChars;
        private final LinkedHashMap<Key, Analysis> map = new LinkedHashMap<>(256, 0.75f, true);
        private long totalChars;

        Lru(int maxEntries, long maxTotalChars) {
            this.maxEntries = maxEntries;
            this.maxTotalChars = maxTotalChars;
        }

        Analysis get(Key key) {
            return map.get(key);
        }

        void put(Key key, Analysis analysis) {
            if (key.text().length() > maxTotalChars / 16) {
                return;
            }
            if (map.put(key, analysis) == null) {
                totalChars += key.text().length();
            }
            var iterator = map.entrySet().iterator();
            while ((map.size() > maxEntries || totalChars > maxTotalChars) && iterator.hasNext()) {
                Map.Entry<Key, Analysis> eldest = iterator.next();
                totalChars -= eldest.getKey().text().length();
                iterator.remove();
            }
        }

        void clear() {
            map.clear();
            totalChars = 0;
        }

        int size() {
            return map.size();
        }
    }
}
