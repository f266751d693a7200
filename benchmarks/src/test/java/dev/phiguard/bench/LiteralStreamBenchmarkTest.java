package dev.phiguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.policies.decision.SessionState;
import dev.phiguard.policies.sql.Analysis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The literal-stream benchmark measures what it claims: its statements differ, each is analysed with resolved facts,
 * the shape cache analyses each stream once and the exact-text cache misses on every new text.
 */
class LiteralStreamBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"pgbench_select", "patient_select", "join_in_list"})
    void streamsAreAnalysedOncePerShapeByTheShapeCacheOnly(String stream) {
        LiteralStreamBenchmark benchmark = new LiteralStreamBenchmark();
        benchmark.stream = stream;
        benchmark.setUp();
        int calls = 200;
        for (int i = 0; i < calls; i++) {
            String sql = benchmark.text();
            Analysis expected = benchmark.uncached.analyze(sql);
            assertThat(expected).as(sql).isInstanceOfSatisfying(Analysis.Analysed.class,
                    analysed -> assertThat(analysed.statements()).allMatch(facts -> facts.isFullyResolved()));
            assertThat(benchmark.shape.analyze(sql)).as(sql).isEqualTo(expected);
            assertThat(benchmark.exactText.analyze(sql)).as(sql).isEqualTo(expected);
            assertThat(benchmark.engine.decide(sql, new SessionState())).as(sql).isNotNull();
        }
        assertThat(benchmark.shape.misses()).isEqualTo(1);
        assertThat(benchmark.exactText.misses()).isEqualTo(calls);
    }
}
