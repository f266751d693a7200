package dev.phiguard.sampledata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CopyTextInputStreamTest {

    private static SyntheticPatients generator;

    @BeforeAll
    static void generator() {
        generator = new SyntheticPatients(11);
    }

    @Test
    void patientStreamIsTheConcatenationOfRowsAcrossChunkBoundaries() throws IOException {
        int count = 3_000; // several 64 KiB chunks
        StringBuilder expected = new StringBuilder();
        for (long id = 1; id <= count; id++) {
            generator.patient(id).appendCopyText(expected);
        }
        assertThat(expected.length()).isGreaterThan(3 * CopyTextInputStream.CHUNK_CHARS);

        assertThat(readAll(generator.patientsCopyText(count), 8192)).isEqualTo(expected.toString());
        assertThat(readAll(generator.patientsCopyText(count), 1)).isEqualTo(expected.toString());
    }

    @Test
    void encounterStreamIsTheConcatenationOfEveryPatientsEncounters() throws IOException {
        int count = 1_000;
        StringBuilder expected = new StringBuilder();
        for (long id = 1; id <= count; id++) {
            generator.encounters(id).forEach(encounter -> encounter.appendCopyText(expected));
        }

        assertThat(readAll(generator.encountersCopyText(count), 4096)).isEqualTo(expected.toString());
    }

    @Test
    void singleByteReadsMatchBulkReads() throws IOException {
        byte[] bulk = generator.patientsCopyText(50).readAllBytes();
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (InputStream in = generator.patientsCopyText(50)) {
            for (int b = in.read(); b != -1; b = in.read()) {
                single.write(b);
            }
        }
        assertThat(single.toByteArray()).isEqualTo(bulk);
    }

    @Test
    void zeroPatientsGiveAnEmptyStream() throws IOException {
        try (InputStream in = generator.patientsCopyText(0)) {
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
        }
    }

    private static String readAll(InputStream in, int bufferSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (in) {
            byte[] buffer = new byte[bufferSize];
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
