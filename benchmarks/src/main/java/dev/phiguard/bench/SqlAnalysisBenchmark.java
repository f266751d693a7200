package dev.phiguard.bench;

import dev.phiguard.policies.decision.PolicyEngine;
import dev.phiguard.policies.decision.SessionState;
import dev.phiguard.policies.decision.Verdict;
import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.sql.Analysis;
import dev.phiguard.policies.sql.CachingAnalyzer;
import dev.phiguard.policies.sql.SqlAnalyzer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Analysed and decided statements per second on one thread, for three representative statements of the study-42
 * purpose over the demo schema, each allowed by the policy:
 *
 * <ul>
 *   <li>{@code analyzeUncached}: {@link SqlAnalyzer#postgres} — lexing, JSqlParser, lineage of every output
 *       column — every time (a statement seen for the first time);</li>
 *   <li>{@code analyzeCached}: {@link CachingAnalyzer#withDefaults} in front of it, warm (the statement was seen
 *       before);</li>
 *   <li>{@code decide}: the whole {@link PolicyEngine#decide} as {@code phiguard server} wires it (over the caching
 *       analyser), warm;</li>
 *   <li>{@code decideUncached}: {@link PolicyEngine#decide} over the uncached analyser: analysis and judgement
 *       every time.</li>
 * </ul>
 *
 * Each call gets a new copy of the SQL string, decoded from UTF-8 bytes, as the proxy gets one from every Query or
 * Parse message; so the cached paths pay for hashing and comparing the text, as they do in the proxy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class SqlAnalysisBenchmark {

    /** The statements, by the name of the {@code statement} parameter. */
    static final Map<String, String> STATEMENTS = Map.of(
            "point_select",
            "SELECT patient_id, mrn, ssn, last_name, state, notes FROM patients WHERE patient_id = $1",
            "join_group_by",
            "SELECT p.state, e.diagnosis_code, count(*) AS encounters, max(e.admitted_at) AS latest"
                    + " FROM patients p JOIN encounters e ON e.patient_id = p.patient_id"
                    + " WHERE e.admitted_at >= $1 AND p.state IN ('NJ', 'NY', 'PA')"
                    + " GROUP BY p.state, e.diagnosis_code ORDER BY encounters DESC LIMIT 50",
            "cte_union",
            "WITH recent AS (SELECT patient_id, admitted_at, diagnosis_code FROM encounters"
                    + " WHERE admitted_at > now() - interval '30 days')"
                    + " SELECT p.mrn, p.ssn, r.admitted_at, r.diagnosis_code FROM patients p"
                    + " JOIN recent r ON r.patient_id = p.patient_id WHERE p.state = 'NJ'"
                    + " UNION ALL"
                    + " SELECT p.mrn, p.ssn, NULL, NULL FROM patients p"
                    + " WHERE p.patient_id < 100 AND NOT EXISTS"
                    + " (SELECT 1 FROM recent r WHERE r.patient_id = p.patient_id)");

    @Param({"point_select", "join_group_by", "cte_union"})
    public String statement;

    SqlAnalyzer uncached;
    CachingAnalyzer cached;
    PolicyEngine engine;
    PolicyEngine engineUncached;
    private SessionState session;
    private byte[] sql;

    @Setup(Level.Trial)
    public void setUp() {
        String text = STATEMENTS.get(statement);
        if (text == null) {
            throw new IllegalArgumentException("unknown statement " + statement + "; one of " + STATEMENTS.keySet());
        }
        sql = text.getBytes(StandardCharsets.UTF_8);
        Policy policy = Study42.policy();
        uncached = Study42.analyzer();
        cached = CachingAnalyzer.withDefaults(Study42.analyzer());
        engine = new PolicyEngine(policy, CachingAnalyzer.withDefaults(Study42.analyzer()));
        engineUncached = new PolicyEngine(policy, Study42.analyzer());
        session = new SessionState();
    }

    /** A new string of the statement, as decoded from a Query message. */
    String text() {
        return new String(sql, StandardCharsets.UTF_8);
    }

    /** JSqlParser's generated parser is large: the JIT needs about 20 s of parsing to compile its hot paths. */
    @Benchmark
    @Warmup(iterations = 8, time = 3)
    public Analysis analyzeUncached() {
        return uncached.analyze(text());
    }

    @Benchmark
    public Analysis analyzeCached() {
        return cached.analyze(text());
    }

    @Benchmark
    public Verdict decide() {
        return engine.decide(text(), session);
    }

    @Benchmark
    @Warmup(iterations = 8, time = 3)
    public Verdict decideUncached() {
        return engineUncached.decide(text(), session);
    }
}
