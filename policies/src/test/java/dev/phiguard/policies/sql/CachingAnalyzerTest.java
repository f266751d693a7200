package dev.phiguard.policies.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingAnalyzerTest {

    /** Counts calls and returns a distinct result per text. */
    private static final class Counting implements SqlAnalyzer {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Analysis analyze(String sql) {
            calls.incrementAndGet();
            return new Analysis.Analysed(List.of());
        }
    }

    @Test
    void answersRepeatedTextFromTheCache() {
        Counting delegate = new Counting();
        CachingAnalyzer cache = new CachingAnalyzer(delegate, 10, 1_000);

        Analysis first = cache.analyze("select 1");
        Analysis second = cache.analyze("select 1");

        assertThat(second).isSameAs(first);
        assertThat(delegate.calls).hasValue(1);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void keysAreTheExactText() {
        Counting delegate = new Counting();
        CachingAnalyzer cache = new CachingAnalyzer(delegate, 10, 1_000);

        cache.analyze("select 1");
        cache.analyze("select  1");
        cache.analyze("SELECT 1");
        cache.analyze("select 1 ");

        assertThat(delegate.calls).hasValue(4);
        assertThat(cache.size()).isEqualTo(4);
    }

    @Test
    void evictsTheLeastRecentlyUsedEntryAtTheBound() {
        Counting delegate = new Counting();
        CachingAnalyzer cache = new CachingAnalyzer(delegate, 2, 1_000);

        cache.analyze("a");
        cache.analyze("b");
        cache.analyze("a");
        cache.analyze("c");
        cache.analyze("a");
        cache.analyze("b");

        assertThat(cache.size()).isEqualTo(2);
        assertThat(delegate.calls).hasValue(4);
    }

    @Test
    void boundsTheCharactersKeptAndSkipsHugeTexts() {
        Counting delegate = new Counting();
        CachingAnalyzer cache = new CachingAnalyzer(delegate, 1_000, 160);

        cache.analyze("x".repeat(11));
        cache.analyze("x".repeat(11));
        assertThat(delegate.calls).hasValue(2);
        assertThat(cache.size()).isZero();

        for (int i = 0; i < 30; i++) {
            cache.analyze(String.format("%010d", i));
        }
        assertThat(cache.size()).isEqualTo(16);
    }

    @Test
    void invalidateAllDropsEverything() {
        Counting delegate = new Counting();
        CachingAnalyzer cache = new CachingAnalyzer(delegate, 10, 1_000);
        cache.analyze("select 1");

        cache.invalidateAll();
        cache.analyze("select 1");

        assertThat(delegate.calls).hasValue(2);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void rejectsNonsenseBounds() {
        assertThatThrownBy(() -> new CachingAnalyzer(new Counting(), 0, 1_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CachingAnalyzer(new Counting(), 10, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentUseGivesTheSameFactsAsSequentialUse() throws Exception {
        List<String> statements = List.of(
                "select ssn from patients", "select row_to_json(p) from patients p", "select * from nested_view",
                "with c as (select ssn from patients) select lower(ssn) from c union select diagnosis from visits",
                "COPY patients TO STDOUT", "select garbage from", "select p.id, count(*) from patients p join visits v "
                        + "on v.patient_id = p.id group by p.id");
        List<Analysis> expected = new ArrayList<>();
        for (String sql : statements) {
            expected.add(Fixtures.ANALYZER.analyze(sql));
        }
        CachingAnalyzer cache = new CachingAnalyzer(SqlAnalyzer.postgres(Fixtures.CATALOG, AnalyzerSettings.defaults()), 4, 10_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int offset = thread;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        int index = (i + offset) % statements.size();
                        if (!cache.analyze(statements.get(index)).equals(expected.get(index))) {
                            return false;
                        }
                        if (!Fixtures.ANALYZER.analyze(statements.get(index)).equals(expected.get(index))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.size()).isLessThanOrEqualTo(4);
    }

    @Test
    void aStreamOfStatementsWithNewConstantsIsAnalysedOncePerShape() {
        CachingAnalyzer cache = CachingAnalyzer.withDefaults(SqlAnalyzer.postgres(ShapeCorpus.PGBENCH_CATALOG, AnalyzerSettings.defaults()));
        for (int aid = 1; aid <= 500; aid++) {
            Analysis analysis = cache.analyze("SELECT abalance FROM pgbench_accounts WHERE aid = " + aid + ";");
            assertThat(analysis).isInstanceOf(Analysis.Analysed.class);
        }
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(499);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void everNewTextsDoNotPushTheShapesOut() {
        CachingAnalyzer cache = new CachingAnalyzer(SqlAnalyzer.postgres(ShapeCorpus.PGBENCH_CATALOG, AnalyzerSettings.defaults()),
                16, 100_000, CachingAnalyzer.Keying.SHAPE);
        for (int aid = 1; aid <= 300; aid++) {
            cache.analyze("SELECT abalance FROM pgbench_accounts WHERE aid = " + aid + ";");
            cache.analyze("SELECT bbalance FROM pgbench_branches WHERE bid = " + aid + ";");
            cache.analyze("SELECT abalance FROM pgbench_accounts WHERE aid = " + aid + ";");
        }
        assertThat(cache.misses()).isEqualTo(2);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void unanalysableTextIsKeptUnderItsExactTextOnly() {
        SqlAnalyzer analyzer = SqlAnalyzer.postgres(Fixtures.CATALOG, AnalyzerSettings.defaults());
        CachingAnalyzer cache = CachingAnalyzer.withDefaults(analyzer);
        String shortOne = "select ssn from patients where id = 5 garbage";
        String longOne = "select ssn from patients where id = 5000000 garbage";

        Analysis first = cache.analyze(shortOne);
        Analysis second = cache.analyze(longOne);

        assertThat(first).isInstanceOf(Analysis.Unanalysable.class).isEqualTo(analyzer.analyze(shortOne));
        assertThat(second).isEqualTo(analyzer.analyze(longOne)).isNotEqualTo(first);
        assertThat(cache.misses()).isEqualTo(2);
        assertThat(cache.analyze(longOne)).isSameAs(second);
    }

    @Test
    void exactTextKeysDoNotMergeConstants() {
        CachingAnalyzer cache = new CachingAnalyzer(SqlAnalyzer.postgres(Fixtures.CATALOG, AnalyzerSettings.defaults()), 10, 10_000,
                CachingAnalyzer.Keying.EXACT_TEXT);
        cache.analyze("select ssn from patients where id = 1");
        cache.analyze("select ssn from patients where id = 2");
        assertThat(cache.misses()).isEqualTo(2);
        assertThat(cache.keysByShape()).isFalse();
    }
}
