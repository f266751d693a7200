package dev.phiguard.bench;

import static dev.phiguard.bench.PatientColumn.FIRST_NAME;
import static dev.phiguard.bench.PatientColumn.MRN;
import static dev.phiguard.bench.PatientColumn.SSN;

import dev.phiguard.broker.audit.RecordKeyHasher;
import dev.phiguard.policies.decision.PolicyEngine;
import dev.phiguard.policies.sql.CachingAnalyzer;
import dev.phiguard.policies.sql.LiteralRedactor;
import dev.phiguard.proxy.enforce.PolicyEnforcement;
import dev.phiguard.proxy.port.Decision;
import dev.phiguard.proxy.port.RecordKeyHashing;
import dev.phiguard.proxy.port.RecordingSink.Direction;
import dev.phiguard.proxy.port.RecordingSink.SessionRecorder;
import dev.phiguard.proxy.port.ResultDetails;
import dev.phiguard.proxy.port.ResultSource;
import dev.phiguard.proxy.port.RowPlan;
import dev.phiguard.proxy.port.SessionGrant;
import dev.phiguard.proxy.port.SessionInfo;
import dev.phiguard.proxy.port.Statement;
import dev.phiguard.proxy.recording.RecordingSettings;
import dev.phiguard.proxy.recording.RecordingWriter;
import dev.phiguard.proxy.recording.SigningKeys;
import dev.phiguard.proxy.wire.DataRow;
import dev.phiguard.proxy.wire.RowDescription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Rows per second on one thread along the proxy's whole row path for the large read of issue 8,
 * {@code SELECT mrn, ssn, first_name FROM patients LIMIT n}, as pgjdbc fetches it (fetch size 1000, so every 1000 rows are one
 * Execute step with its own plan and its own statement outcome). Under the study-42 policy mrn is tokenized, ssn
 * keeps its last 4 digits, first_name is redacted, and {@code patients.mrn} is a record key, hashed by the server's
 * {@link RecordKeyHasher} (HMAC-SHA-256) as each row passes. The statement's analysis is cached, as in
 * {@code phiguard server}.
 *
 * <p>One invocation is one step of {@value #FETCH} rows: the plan of the result, then per row {@code DataRow.decode},
 * the plan's rewrite into a new DataRow from the allocator, and (in {@code fetchRecorded}) the masked row handed to a
 * session recorder of a real {@link RecordingWriter} (its disk thread chains and writes the chunks to a temporary
 * directory), then the release of the row; at the end of the step the plan's {@link ResultDetails} (the outcome's
 * record key hashes) and the recording's statement boundary. The rows cycle through 4,096 patients, so every step's
 * 1,000 record keys are distinct.
 *
 * <ul>
 *   <li>{@code fetch}: the above without the recording.</li>
 *   <li>{@code fetchRecorded}: the above with the recording, as {@code phiguard server} runs it.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class LargeResultBenchmark {

    /** Rows per Execute step: pgjdbc's fetch size in the end-to-end benchmark. */
    static final int FETCH = 1000;
    static final int ROWS = 4096;
    static final List<PatientColumn> COLUMNS = List.of(MRN, SSN, FIRST_NAME);
    /**
     * The read; its LIMIT keeps the example policy from holding it for a reviewer (the end-to-end benchmark's policy
     * drops that hold) and changes nothing in the plan.
     */
    static final String SQL = "SELECT " + PatientColumn.selectList(COLUMNS) + " FROM patients LIMIT " + FETCH;

    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private PatientRows rows;
    private PolicyEnforcement enforcement;
    private SessionInfo session;
    private RowDescription description;
    private Path directory;
    private RecordingWriter recordings;
    private SessionRecorder recorder;
    private int next;
    private int iteration;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        byte[] key = new byte[32];
        new SplittableRandom(PatientRows.SEED + 1).nextBytes(key);
        RecordKeyHasher hasher = RecordKeyHasher.withKey(key);
        // the analysis cache of phiguard server: each step's plan finds the statement analysed already
        enforcement = new PolicyEnforcement(List.of(new PolicyEngine(Study42.policy(),
                        CachingAnalyzer.withDefaults(Study42.analyzer()))),
                Study42.keys(), dev.phiguard.proxy.port.StatementApprovals.refuseAll(), Duration.ofSeconds(5),
                hashing(hasher), PolicyEnforcement.DEFAULT_MAX_RECORD_KEYS_PER_STATEMENT);
        session = Study42.session();
        description = PatientColumn.description(COLUMNS);
        rows = new PatientRows(COLUMNS, ROWS);
        Decision decision = enforcement.decide(session, new Statement.Prepare("", SQL));
        if (!(decision instanceof Decision.Allow)) {
            throw new IllegalStateException("the study-42 policy does not allow " + SQL + ": " + decision);
        }
        if (step(null, null).recordKeys().getOrDefault("patients", java.util.Set.of()).size() != FETCH) {
            throw new IllegalStateException("the plan does not hash the record keys of " + SQL);
        }
        directory = Files.createTempDirectory("phiguard-bench-recordings");
        recordings = new RecordingWriter(RecordingSettings.defaults(directory), SigningKeys.ephemeral(),
                LiteralRedactor.hashing(key), null);
    }

    /** The hasher as {@code phiguard server} hands it to the proxy (PhiguardNode.recordKeyHashing): both forms. */
    private static RecordKeyHashing hashing(RecordKeyHasher hasher) {
        return new RecordKeyHashing() {
            @Override
            public String hash(String table, String rawValue) {
                return hasher.hash(table, rawValue);
            }

            @Override
            public boolean hashInto(String table, byte[] value, int offset, int length, byte[] out) {
                hasher.hash(table, value, offset, length, out);
                return true;
            }
        };
    }

    /** A recording per iteration, deleted after it: a trial would otherwise leave gigabytes behind. */
    @Setup(Level.Iteration)
    public void openRecording() {
        recorder = recordings.open(new SessionInfo("bench-" + iteration++, new SessionGrant("bench-lease", "study-42",
                "clinic"), new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000), true, "jmh",
                Instant.now()));
    }

    @TearDown(Level.Iteration)
    public void closeRecording() throws IOException {
        recorder.close("iteration ended");
        recordings.close(); // drains the disk writer: the files are complete, then deleted
        deleteRecordings();
        recordings = new RecordingWriter(RecordingSettings.defaults(directory), SigningKeys.ephemeral(),
                LiteralRedactor.hashing(new byte[32]), null);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        recordings.close();
        deleteRecordings();
        Files.deleteIfExists(directory);
        rows.close();
    }

    private void deleteRecordings() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** One Execute step of {@value #FETCH} rows; its outcome's details. */
    private ResultDetails step(SessionRecorder recording, Blackhole bh) {
        RowPlan plan = enforcement.plan(session, new ResultSource(SQL, 0, List.of()), description);
        for (int n = 0; n < FETCH; n++) {
            int i = next;
            next = (i + 1) & (ROWS - 1);
            ByteBuf out = plan.rewrite(DataRow.decode(rows.body(i)), alloc);
            ByteBuf sent = out == null ? rows.message(i) : out;
            if (recording != null) {
                recording.message(Direction.SERVER_TO_CLIENT, System.nanoTime(), sent);
            }
            if (bh != null) {
                bh.consume(sent.readableBytes());
            }
            if (out != null) {
                out.release();
            }
        }
        ResultDetails details = plan.details();
        if (recording != null) {
            recording.statementBoundary();
        }
        return details;
    }

    @Benchmark
    @OperationsPerInvocation(FETCH)
    public void fetch(Blackhole bh) {
        bh.consume(step(null, bh));
    }

    @Benchmark
    @OperationsPerInvocation(FETCH)
    public void fetchRecorded(Blackhole bh) {
        bh.consume(step(recorder, bh));
    }
}
