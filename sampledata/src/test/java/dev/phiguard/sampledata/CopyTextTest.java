package dev.phiguard.sampledata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CopyTextTest {

    @Test
    void escapesBackslashTabNewlineAndCarriageReturn() {
        assertThat(CopyText.escape("a\tb\nc\\d\re")).isEqualTo("a\\tb\\nc\\\\d\\re");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        assertThat(CopyText.escape("Renée O'Hara, 42 (x) \"quoted\" ; DROP")).isEqualTo(
                "Renée O'Hara, 42 (x) \"quoted\" ; DROP");
        assertThat(CopyText.escape("")).isEmpty();
    }

    @Test
    void writesNullAsBackslashNAndKeepsTheTextBackslashNDistinct() {
        assertThat(CopyText.escape(null)).isEqualTo("\\N");
        assertThat(CopyText.escape("\\N")).isEqualTo("\\\\N");
    }

    @Test
    void escapesSpecialCharactersAfterPlainPrefix() {
        assertThat(CopyText.escape("plain prefix then\\")).isEqualTo("plain prefix then\\\\");
        assertThat(CopyText.escape("\n")).isEqualTo("\\n");
    }

    @Test
    void formatsDatesWithZeroPadding() {
        assertThat(CopyText.appendDate(new StringBuilder(), LocalDate.of(5, 1, 2))).hasToString("0005-01-02");
        assertThat(CopyText.appendDate(new StringBuilder(), LocalDate.of(1999, 12, 31))).hasToString("1999-12-31");
        assertThat(CopyText.appendDate(new StringBuilder(), null)).hasToString("\\N");
    }

    @Test
    void formatsTimestampsInUtc() {
        assertThat(CopyText.appendTimestamp(new StringBuilder(), Instant.parse("2024-03-05T04:02:09Z")))
                .hasToString("2024-03-05 04:02:09+00");
        assertThat(CopyText.appendTimestamp(new StringBuilder(), null)).hasToString("\\N");
    }

    @Test
    void patientRowHasThirteenColumnsEvenWhenNotesContainSeparators() {
        Patient patient = new Patient(7, "MRN00000007", "123-45-6789", "Ann", "Lee", LocalDate.of(1980, 2, 3),
                "ann@example.com", "(212) 555-0100", "1 Main St", "Springfield", "NY", "10001",
                "line one\n\tindented \\ backslash\r\nend");

        String row = patient.toCopyText();

        assertThat(row).endsWith("\n").containsOnlyOnce("\n");
        List<String> fields = decodeRow(row);
        assertThat(fields).hasSize(13);
        assertThat(fields.get(0)).isEqualTo("7");
        assertThat(fields.get(5)).isEqualTo("1980-02-03");
        assertThat(fields.get(12)).isEqualTo(patient.notes());
    }

    @Test
    void encounterRowRoundTripsIncludingNulls() {
        Encounter encounter = new Encounter(71, 7, Instant.parse("2020-01-01T10:00:00Z"), null, "E11.9", null);

        List<String> fields = decodeRow(encounter.toCopyText());

        assertThat(fields).containsExactly("71", "7", "2020-01-01 10:00:00+00", null, "E11.9", null);
    }

    @Test
    void generatedRowsDecodeToTheirFieldValues() {
        SyntheticPatients generator = new SyntheticPatients(3);
        for (long id = 1; id <= 2_000; id++) {
            Patient patient = generator.patient(id);
            List<String> fields = decodeRow(patient.toCopyText());
            assertThat(fields).containsExactly(Long.toString(id), patient.mrn(), patient.ssn(),
                    patient.firstName(), patient.lastName(), patient.dateOfBirth().toString(), patient.email(),
                    patient.phone(), patient.street(), patient.city(), patient.state(), patient.zip(),
                    patient.notes());
        }
    }

    /** A reference decoder of one COPY text row, written independently of the encoder. */
    static List<String> decodeRow(String row) {
        assertThat(row).endsWith("\n");
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean rawNull = false;
        for (int i = 0; i < row.length() - 1; i++) {
            char c = row.charAt(i);
            if (c == '\t') {
                fields.add(rawNull ? null : field.toString());
                field.setLength(0);
                rawNull = false;
            } else if (c == '\\') {
                char next = row.charAt(++i);
                switch (next) {
                    case 't' -> field.append('\t');
                    case 'n' -> field.append('\n');
                    case 'r' -> field.append('\r');
                    case '\\' -> field.append('\\');
                    case 'N' -> rawNull = true;
                    default -> throw new AssertionError("unexpected escape \\" + next + " in " + row);
                }
            } else {
                assertThat(c).as("raw control character in COPY row").isNotIn('\n', '\r');
                field.append(c);
            }
        }
        fields.add(rawNull ? null : field.toString());
        return fields;
    }
}
