package dev.phiguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.policies.sql.Analysis;
import dev.phiguard.proxy.port.RowPlan;
import dev.phiguard.proxy.wire.DataRow;
import dev.phiguard.sampledata.Patient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Each benchmark's setup does the work it claims to measure, so that no benchmark silently measures a no-op. The
 * benchmarks themselves run only through {@code scripts/jmh}.
 */
class BenchmarkSetupTest {

    private static String text(DataRow row, int column) {
        return row.isNull(column) ? null : row.column(column).toString(StandardCharsets.UTF_8);
    }

    private static DataRow decodeMessage(ByteBuf message) {
        assertThat(message.getByte(message.readerIndex())).isEqualTo((byte) 'D');
        return DataRow.decode(message.slice(message.readerIndex() + 5, message.readableBytes() - 5));
    }

    @Test
    void maskedRowsAreMaskedAndTheBaselineIsNot() {
        RowMaskingBenchmark benchmark = new RowMaskingBenchmark();
        benchmark.setUp();
        try {
            int detectorFindings = 0;
            for (int i = 0; i < 256; i++) {
                Patient patient = benchmark.rows.patient(i);
                ByteBuf out = benchmark.rewrite(benchmark.plan, benchmark.rows, i);
                assertThat(out).as("row %d is rewritten", i).isNotNull();
                try {
                    DataRow masked = decodeMessage(out);
                    assertThat(masked.columnCount()).isEqualTo(6);
                    assertThat(text(masked, 0)).isEqualTo(Long.toString(patient.patientId()));
                    assertThat(text(masked, 1)).matches("MRN\\d{8}").isNotEqualTo(patient.mrn());
                    assertThat(text(masked, 2)).isEqualTo("***-**-" + patient.ssn().substring(7));
                    assertThat(text(masked, 3)).isEqualTo("***");
                    assertThat(text(masked, 4)).isEqualTo(patient.state());
                    String notes = text(masked, 5);
                    if (patient.notes() == null) {
                        assertThat(notes).isNull();
                    } else {
                        assertThat(notes).doesNotContain(patient.ssn()).doesNotContain(patient.phone());
                        if (!notes.equals(patient.notes())) {
                            detectorFindings++;
                        }
                    }
                } finally {
                    out.release();
                }
            }
            assertThat(detectorFindings).as("notes in which the detectors found something").isBetween(5, 80);

            ByteBuf out = benchmark.rewrite(benchmark.planWithoutNotes, benchmark.rowsWithoutNotes, 0);
            try {
                DataRow masked = decodeMessage(out);
                assertThat(masked.columnCount()).isEqualTo(5);
                assertThat(text(masked, 3)).isEqualTo("***");
            } finally {
                out.release();
            }
            assertThat(benchmark.rewrite(RowPlan.PASS_THROUGH, benchmark.rows, 0)).isNull();
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void everyStatementIsAnalysedCachedAndAllowed() {
        for (String statement : SqlAnalysisBenchmark.STATEMENTS.keySet()) {
            SqlAnalysisBenchmark benchmark = new SqlAnalysisBenchmark();
            benchmark.statement = statement;
            benchmark.setUp();
            assertThat(benchmark.text()).isNotSameAs(benchmark.text());
            assertThat(benchmark.analyzeUncached()).as(statement).isInstanceOf(Analysis.Analysed.class);
            assertThat(benchmark.analyzeUncached()).isNotSameAs(benchmark.analyzeUncached());
            assertThat(benchmark.analyzeCached()).isInstanceOf(Analysis.Analysed.class)
                    .isSameAs(benchmark.analyzeCached());
            assertThat(benchmark.cached.hits()).isEqualTo(1);
            assertThat(benchmark.decide().isAllowed()).as("%s is allowed: %s", statement, benchmark.decide()).isTrue();
            assertThat(benchmark.decideUncached().isAllowed()).isTrue();
        }
    }

    @Test
    void theDecoderFramesEveryRowAndRowsReencodeToTheSameBytes() {
        CodecBenchmark benchmark = new CodecBenchmark();
        benchmark.setUp();
        try {
            assertThat(benchmark.rows.messages().readableBytes()).isGreaterThan(2 * CodecBenchmark.READ_SIZE);
            for (int run = 0; run < 3; run++) {
                assertThat(benchmark.frameAll()).isEqualTo(CodecBenchmark.ROWS);
                Object leftover = benchmark.channel.readInbound();
                assertThat(leftover).isNull();
            }
            assertThat(benchmark.decodeRow().columnCount()).isEqualTo(PatientColumn.values().length);
            assertThat(ByteBufUtil.equals(benchmark.reencode(), benchmark.rows.message(CodecBenchmark.ONE_ROW)))
                    .isTrue();
        } finally {
            benchmark.tearDown();
        }
    }
}
