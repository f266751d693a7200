package dev.phiguard.sampledata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class CopyBinaryTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesAnEncounterRowInThePostgresBinaryFormat() {
        Encounter encounter = new Encounter(11, 1, Instant.parse("2000-01-02T00:00:00Z"), null, "I10", "é");
        CopyBinary out = new CopyBinary(16);

        CopyBinary.encounter(encounter, out);

        assertThat(hex(out)).isEqualTo(String.join("",
                "0006",                                   // six fields
                "00000008", "000000000000000b",           // encounter_id 11
                "00000008", "0000000000000001",           // patient_id 1
                "00000008", "000000141dd76000",           // one day after 2000-01-01, in microseconds
                "ffffffff",                               // discharged_at NULL
                "00000003", "493130",                     // "I10"
                "00000002", "c3a9"));                     // "é" in UTF-8
    }

    @Test
    void encodesDatesAsDaysSince2000() {
        CopyBinary out = new CopyBinary(4);
        out.dateField(LocalDate.of(1999, 12, 31)).dateField(LocalDate.of(2000, 1, 1)).dateField(null);
        assertThat(hex(out)).isEqualTo("00000004ffffffff" + "0000000400000000" + "ffffffff");
    }

    @Test
    void streamStartsWithTheSignatureAndEndsWithTheTrailer() throws IOException {
        SyntheticPatients generator = new SyntheticPatients(5);
        try (InputStream empty = generator.patientsCopyBinary(0)) {
            assertThat(HEX.formatHex(empty.readAllBytes()))
                    .isEqualTo("5047434f50590aff0d0a00" + "00000000" + "00000000" + "ffff");
        }
        byte[] three;
        try (InputStream in = generator.patientsCopyBinary(3)) {
            three = in.readAllBytes();
        }
        CopyBinary expected = new CopyBinary(64).header();
        for (long id = 1; id <= 3; id++) {
            CopyBinary.patient(generator.patient(id), expected);
        }
        expected.trailer();
        assertThat(three).isEqualTo(Arrays.copyOf(expected.array(), expected.size()));
    }

    @Test
    void largeStreamsAreChunkedWithoutLosingBytes() throws IOException {
        SyntheticPatients generator = new SyntheticPatients(5);
        CopyBinary expected = new CopyBinary(1 << 20).header();
        for (long id = 1; id <= 2_000; id++) {
            generator.encounters(id).forEach(encounter -> CopyBinary.encounter(encounter, expected));
        }
        expected.trailer();
        assertThat(expected.size()).isGreaterThan(2 * CopyBinaryInputStream.CHUNK_BYTES);
        try (InputStream in = generator.encountersCopyBinary(2_000)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOf(expected.array(), expected.size()));
        }
    }

    private static String hex(CopyBinary out) {
        return HEX.formatHex(out.array(), 0, out.size());
    }
}
