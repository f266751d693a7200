package dev.phiguard.bench;

import static dev.phiguard.bench.PatientColumn.LAST_NAME;
import static dev.phiguard.bench.PatientColumn.MRN;
import static dev.phiguard.bench.PatientColumn.NOTES;
import static dev.phiguard.bench.PatientColumn.PATIENT_ID;
import static dev.phiguard.bench.PatientColumn.SSN;
import static dev.phiguard.bench.PatientColumn.STATE;

import dev.phiguard.policies.decision.PolicyEngine;
import dev.phiguard.proxy.enforce.PolicyEnforcement;
import dev.phiguard.proxy.port.Decision;
import dev.phiguard.proxy.port.ResultSource;
import dev.phiguard.proxy.port.RowPlan;
import dev.phiguard.proxy.port.SessionInfo;
import dev.phiguard.proxy.port.Statement;
import dev.phiguard.proxy.wire.DataRow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Masked rows per second on one thread: a patient row (patient_id, mrn, ssn, last_name, state, notes) through the
 * row plan that {@link PolicyEnforcement} builds from the study-42 policy. Three columns are masked (ssn keeps its
 * last 4 digits, mrn is tokenized, last_name redacted) and the value detectors scan notes; patient_id and state
 * stay clear. One operation is one row: {@code DataRow.decode} of the row as it arrives, the plan's rewrite into a
 * new DataRow from the channel's allocator, and the release of that buffer. The rows cycle through 1,024 different
 * patients, about one in ten of whose notes embed an SSN or phone number that the detectors replace.
 *
 * <ul>
 *   <li>{@code masked}: the row above.</li>
 *   <li>{@code maskedWithoutNotes}: the same row without notes: the three masks alone, no detector.</li>
 *   <li>{@code passThrough}: the baseline, the same rows decoded and handed to {@link RowPlan#PASS_THROUGH}.
 *       (In pass-through mode the proxy does not even decode rows; this is the cost any plan starts from.)</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class RowMaskingBenchmark {

    /** The columns of the masked result. */
    static final List<PatientColumn> COLUMNS = List.of(PATIENT_ID, MRN, SSN, LAST_NAME, STATE, NOTES);
    static final List<PatientColumn> COLUMNS_WITHOUT_NOTES = List.of(PATIENT_ID, MRN, SSN, LAST_NAME, STATE);
    static final int ROWS = 1024;

    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    PatientRows rows;
    PatientRows rowsWithoutNotes;
    RowPlan plan;
    RowPlan planWithoutNotes;
    private int next;

    /** The statement of a result of these columns, as pgjdbc sends it (with a parameter). */
    static String sql(List<PatientColumn> columns) {
        return "SELECT " + PatientColumn.selectList(columns) + " FROM patients WHERE patient_id = $1";
    }

    @Setup(Level.Trial)
    public void setUp() {
        PolicyEnforcement enforcement = Study42.enforcement(new PolicyEngine(Study42.policy(), Study42.analyzer()));
        SessionInfo session = Study42.session();
        rows = new PatientRows(COLUMNS, ROWS);
        rowsWithoutNotes = new PatientRows(COLUMNS_WITHOUT_NOTES, ROWS);
        plan = plan(enforcement, session, COLUMNS);
        planWithoutNotes = plan(enforcement, session, COLUMNS_WITHOUT_NOTES);
    }

    private static RowPlan plan(PolicyEnforcement enforcement, SessionInfo session, List<PatientColumn> columns) {
        String sql = sql(columns);
        // the gate decides first, as in a session: pgjdbc's unnamed Parse
        Decision decision = enforcement.decide(session, new Statement.Prepare("", sql));
        if (!(decision instanceof Decision.Allow)) {
            throw new IllegalStateException("the study-42 policy does not allow " + sql + ": " + decision);
        }
        RowPlan plan = enforcement.plan(session, ResultSource.ofQuery(sql, 0), PatientColumn.description(columns));
        if (plan == RowPlan.PASS_THROUGH) {
            throw new IllegalStateException("the study-42 policy does not mask " + sql + ": nothing to measure");
        }
        return plan;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        rows.close();
        rowsWithoutNotes.close();
    }

    /** Row {@code i} through {@code plan}: the replacement DataRow (caller releases), or null if unchanged. */
    ByteBuf rewrite(RowPlan plan, PatientRows rows, int i) {
        return plan.rewrite(DataRow.decode(rows.body(i)), alloc);
    }

    private int nextRow() {
        int i = next;
        next = (i + 1) & (ROWS - 1);
        return i;
    }

    private static void consume(ByteBuf out, Blackhole bh) {
        if (out != null) {
            bh.consume(out.writerIndex());
            out.release();
        }
    }

    @Benchmark
    public void masked(Blackhole bh) {
        consume(rewrite(plan, rows, nextRow()), bh);
    }

    @Benchmark
    public void maskedWithoutNotes(Blackhole bh) {
        consume(rewrite(planWithoutNotes, rowsWithoutNotes, nextRow()), bh);
    }

    @Benchmark
    public void passThrough(Blackhole bh) {
        DataRow row = DataRow.decode(rows.body(nextRow()));
        bh.consume(row);
        consume(RowPlan.PASS_THROUGH.rewrite(row, alloc), bh);
    }
}
