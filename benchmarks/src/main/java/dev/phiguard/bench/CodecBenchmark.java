package dev.phiguard.bench;

import dev.phiguard.proxy.wire.DataRow;
import dev.phiguard.proxy.wire.Frame;
import dev.phiguard.proxy.wire.PgFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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

/**
 * The wire codec on patient rows ({@code SELECT *} of patients: 13 columns, text format):
 *
 * <ul>
 *   <li>{@code frameDataRows}: {@link PgFrameDecoder} (server side) cutting a reply stream of 1,024 DataRows,
 *       delivered in 64 KiB reads as a socket would, into frames, which are then released. The score is messages
 *       per second; the secondary {@code bytes} score is bytes per second.</li>
 *   <li>{@code decodeRow}: {@link DataRow#decode} of one row (column layout only, no copy).</li>
 *   <li>{@code decodeAndReencodeRow}: decode plus {@link DataRow.Writer} writing every column back into a reused
 *       buffer: what a rewrite costs before any masking.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class CodecBenchmark {

    static final int ROWS = 1024;
    static final int READ_SIZE = 64 * 1024;
    /** The row of {@code decodeRow}: a patient with notes. */
    static final int ONE_ROW = 0;

    PatientRows rows;
    EmbeddedChannel channel;
    private ByteBuf out;
    private final DataRow.Writer writer = new DataRow.Writer();

    /** Bytes framed, reported per second next to the messages. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        rows = new PatientRows(Arrays.asList(PatientColumn.values()), ROWS);
        if (rows.patient(ONE_ROW).notes() == null) {
            throw new IllegalStateException("patient " + (ONE_ROW + 1) + " has no notes; pick another row");
        }
        channel = new EmbeddedChannel(new PgFrameDecoder(PgFrameDecoder.Side.BACKEND, 1 << 30));
        out = Unpooled.directBuffer(4096);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
        out.release();
        rows.close();
    }

    /** Feeds the whole reply stream through the decoder; returns the number of DataRow frames. */
    int frameAll() {
        ByteBuf stream = rows.messages();
        int length = stream.writerIndex();
        int frames = 0;
        for (int offset = 0; offset < length; offset += READ_SIZE) {
            channel.writeInbound(stream.retainedSlice(offset, Math.min(READ_SIZE, length - offset)));
            for (Frame frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
                if (frame.type() == 'D') {
                    frames++;
                }
                frame.release();
            }
        }
        return frames;
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int frameDataRows(Bytes counter) {
        counter.bytes += rows.messages().writerIndex();
        return frameAll();
    }

    @Benchmark
    public DataRow decodeRow() {
        return DataRow.decode(rows.body(ONE_ROW));
    }

    /** Decodes row {@link #ONE_ROW} and writes it again, column by column; returns the message written. */
    ByteBuf reencode() {
        DataRow row = DataRow.decode(rows.body(ONE_ROW));
        out.clear();
        writer.begin(out, row.columnCount());
        for (int i = 0; i < row.columnCount(); i++) {
            writer.copy(row, i);
        }
        writer.end();
        return out;
    }

    @Benchmark
    public int decodeAndReencodeRow() {
        return reencode().writerIndex();
    }
}
