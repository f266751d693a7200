package dev.phiguard.bench;

import dev.phiguard.policies.decision.PolicyEngine;
import dev.phiguard.policies.decision.SessionState;
import dev.phiguard.policies.decision.Verdict;
import dev.phiguard.policies.sql.Analysis;
import dev.phiguard.policies.sql.AnalyzerSettings;
import dev.phiguard.policies.sql.CachingAnalyzer;
import dev.phiguard.policies.sql.SqlAnalyzer;
import dev.phiguard.policies.sql.StaticCatalog;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
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
 * Analysed statements per second on one thread for a stream of statements that differ only in their constants, as a
 * simple-protocol client sends them ({@code pgbench -M simple} writes every value into the text):
 *
 * <ul>
 *   <li>{@code uncached}: {@link SqlAnalyzer#postgres} every time;</li>
 *   <li>{@code exactTextCache}: a {@link CachingAnalyzer} keyed by the exact text (the cache before issue 8), with
 *       the default bounds: the stream has {@value #STREAM} distinct texts, more than the cache holds, so it misses
 *       as it does under pgbench;</li>
 *   <li>{@code shapeCache}: {@link CachingAnalyzer#withDefaults}, keyed by shape: one analysis per shape, then a
 *       lexer pass per statement to compute the key;</li>
 *   <li>{@code decideShapeCache}: {@link PolicyEngine#decide} of the study-42 policy over the shape cache, as
 *       {@code phiguard server} wires it (pgbench's tables are not in the policy: its statements are denied).</li>
 * </ul>
 *
 * Streams (parameter {@code stream}): {@code pgbench_select}, pgbench's select-only statement
 * {@code SELECT abalance FROM pgbench_accounts WHERE aid = N;} with random account numbers; {@code patient_select},
 * {@code SELECT patient_id, mrn, ssn, last_name, state, notes FROM patients WHERE patient_id = N} over the demo
 * schema; {@code join_in_list}, a join with {@code WHERE ... >= 'date' AND state IN ('..', '..')} and
 * {@code LIMIT 50}, with random dates and states. Each call gets a new string decoded from UTF-8 bytes, as the proxy
 * gets one from every Query message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class LiteralStreamBenchmark {

    /** Distinct statements in a stream (a power of two); the exact-text cache holds fewer. */
    static final int STREAM = 1 << 16;
    private static final String[] STATES = {"NJ", "NY", "PA", "CA", "TX", "MA", "OH", "WA"};

    @Param({"pgbench_select", "patient_select", "join_in_list"})
    public String stream;

    SqlAnalyzer uncached;
    CachingAnalyzer exactText;
    CachingAnalyzer shape;
    PolicyEngine engine;
    private SessionState session;
    private byte[][] statements;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        StaticCatalog catalog = stream.equals("pgbench_select") ? pgbenchCatalog() : Study42.catalog();
        uncached = SqlAnalyzer.postgres(catalog, AnalyzerSettings.defaults());
        exactText = new CachingAnalyzer(SqlAnalyzer.postgres(catalog, AnalyzerSettings.defaults()),
                CachingAnalyzer.DEFAULT_MAX_ENTRIES, CachingAnalyzer.DEFAULT_MAX_TOTAL_CHARS,
                CachingAnalyzer.Keying.EXACT_TEXT);
        shape = CachingAnalyzer.withDefaults(SqlAnalyzer.postgres(catalog, AnalyzerSettings.defaults()));
        engine = new PolicyEngine(Study42.policy(), CachingAnalyzer.withDefaults(SqlAnalyzer.postgres(catalog,
                AnalyzerSettings.defaults())));
        session = new SessionState();
        statements = statements(stream, new SplittableRandom(PatientRows.SEED));
    }

    /** @return {@value #STREAM} distinct statements of one stream */
    static byte[][] statements(String stream, SplittableRandom random) {
        byte[][] out = new byte[STREAM][];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < STREAM; i++) {
            String sql;
            do {
                sql = statement(stream, random);
            } while (!seen.add(sql));
            out[i] = sql.getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static String statement(String stream, SplittableRandom random) {
        return switch (stream) {
            case "pgbench_select" -> "SELECT abalance FROM pgbench_accounts WHERE aid = " + (1 + random.nextInt(1_000_000)) + ";";
            case "patient_select" -> "SELECT patient_id, mrn, ssn, last_name, state, notes FROM patients WHERE patient_id = "
                    + (1 + random.nextInt(1_000_000));
            case "join_in_list" -> "SELECT p.state, e.diagnosis_code, count(*) AS encounters FROM patients p"
                    + " JOIN encounters e ON e.patient_id = p.patient_id"
                    + " WHERE e.admitted_at >= '2026-" + (1 + random.nextInt(12)) + "-" + (1 + random.nextInt(28)) + "'"
                    + " AND p.state IN ('" + STATES[random.nextInt(STATES.length)] + "', '"
                    + STATES[random.nextInt(STATES.length)] + "') AND e.encounter_id > " + random.nextInt(1_000_000)
                    + " GROUP BY p.state, e.diagnosis_code ORDER BY encounters DESC LIMIT 50";
            default -> throw new IllegalArgumentException("unknown stream " + stream
                    + "; one of pgbench_select, patient_select, join_in_list");
        };
    }

    /** pgbench's four tables, as {@code pgbench -i} creates them. */
    static StaticCatalog pgbenchCatalog() {
        return StaticCatalog.builder()
                .table("public.pgbench_accounts", "aid", "bid", "abalance", "filler")
                .table("public.pgbench_tellers", "tid", "bid", "tbalance", "filler")
                .table("public.pgbench_branches", "bid", "bbalance", "filler")
                .table("public.pgbench_history", "tid", "bid", "aid", "delta", "mtime", "filler")
                .build();
    }

    /** The next statement of the stream, as a new string decoded from a Query message. */
    String text() {
        byte[] sql = statements[next];
        next = (next + 1) & (STREAM - 1);
        return new String(sql, StandardCharsets.UTF_8);
    }

    /** JSqlParser's generated parser is large: the JIT needs about 20 s of parsing to compile its hot paths. */
    @Benchmark
    @Warmup(iterations = 8, time = 3)
    public Analysis uncached() {
        return uncached.analyze(text());
    }

    @Benchmark
    @Warmup(iterations = 8, time = 3)
    public Analysis exactTextCache() {
        return exactText.analyze(text());
    }

    @Benchmark
    public Analysis shapeCache() {
        return shape.analyze(text());
    }

    @Benchmark
    public Verdict decideShapeCache() {
        return engine.decide(text(), session);
    }
}
