package dev.phiguard.policies.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shape-keyed cache answers every statement exactly as the uncached analyser does, after it was warmed with
 * another statement of the same shape: for every statement of {@link ShapeCorpus} and variants with other constants
 * (numbers across the LIMIT bound of 1000, strings holding SQL, quotes, dollar signs and backslashes, numbers in
 * place of strings), over two catalogs.
 */
class ShapeCacheEquivalenceTest {

    private static final int VARIANTS = 6;

    @Test
    void clinicCatalog() {
        assertEquivalent(Fixtures.CATALOG, 20261129L);
    }

    @Test
    void pgbenchCatalog() {
        assertEquivalent(ShapeCorpus.PGBENCH_CATALOG, 8L);
    }

    private static void assertEquivalent(Catalog catalog, long seed) {
        SqlAnalyzer uncached = SqlAnalyzer.postgres(catalog, AnalyzerSettings.defaults());
        CachingAnalyzer cache = new CachingAnalyzer(SqlAnalyzer.postgres(catalog, AnalyzerSettings.defaults()), 1_000_000,
                1L << 30, CachingAnalyzer.Keying.SHAPE);
        Random random = new Random(seed);
        List<List<String>> streams = new ArrayList<>();
        for (String sql : ShapeCorpus.statements()) {
            List<String> stream = new ArrayList<>(ShapeCorpus.variants(sql, VARIANTS, random));
            stream.add(sql);
            streams.add(stream);
        }
        // warm with one variant of every statement first, so each later lookup may meet any earlier shape
        streams.forEach(stream -> cache.analyze(stream.get(0)));
        long warmMisses = cache.misses();

        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (List<String> stream : streams) {
            for (String sql : stream.subList(1, stream.size())) {
                Analysis expected = uncached.analyze(sql);
                Analysis actual = cache.analyze(sql);
                checked++;
                if (!actual.equals(expected)) {
                    mismatches.add(sql + "\n  expected " + expected + "\n  but got  " + actual);
                }
            }
        }

        assertThat(mismatches).as("statements answered differently by the shape cache").isEmpty();
        // the check must exercise the shape path: most variants are answered from entries made for other texts
        long answeredFromShapes = cache.hits();
        assertThat(checked).isGreaterThan(1_000);
        assertThat(answeredFromShapes).as("lookups answered from the cache (after %d warming misses)", warmMisses)
                .isGreaterThan(checked / 3);
    }
}
