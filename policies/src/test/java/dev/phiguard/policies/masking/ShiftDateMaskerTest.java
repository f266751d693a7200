package dev.phiguard.policies.masking;

import static dev.phiguard.policies.masking.Fixtures.compile;
import static dev.phiguard.policies.masking.Fixtures.maskText;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShiftDateMaskerTest {

    private static ValueMasker masker(int days) {
        return compile(new Masking.ShiftDate(), new DateShift(days));
    }

    @ParameterizedTest(name = "[{0}] {1} days -> [{2}]")
    @CsvSource(delimiter = '|', textBlock = """
            1984-03-17|30|1984-04-16
            1984-03-17|-400|1983-02-11
            1984-12-31|1|1985-01-01
            2000-02-28|1|2000-02-29
            1984-03-17 13:45:12.25+01|30|1984-04-16 13:45:12.25+01
            1984-03-17T08:00:00Z|-1|1984-03-16T08:00:00Z
            1984-03-17 23:59:59.999999|1|1984-03-18 23:59:59.999999
            0001-01-01|-1|0001-12-31 BC
            0001-12-31 BC|1|0001-01-01
            0044-03-15 BC|30|0044-04-14 BC
            0001-01-01 12:00:00+01|-1|0001-12-31 12:00:00+01 BC
            9999-12-31|1|10000-01-01
            294276-12-31|1|294277-01-01
            infinity|30|infinity
            -infinity|-30|-infinity
            """)
    void textKeepsTimeZoneAndShape(String value, int days, String expected) {
        assertThat(maskText(masker(days), value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            4714-11-24 BC|-1
            294276-12-31 23:59:59|1
            5874897-12-31|1
            """)
    void resultsOutsidePostgresRangeBecomeNull(String value, int days) {
        assertThat(maskText(masker(days), value)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "03/17/1984", "1984-02-30", "not a date", "1984-03-17 10:00:00 PST"})
    void unreadableTextIsMaskedEntirelyAsNull(String value) {
        assertThat(maskText(masker(30), value)).isNull();
    }

    @Test
    void binaryDateAndTimestamps() {
        ValueMasker masker = masker(-400);
        assertThat(masker.maskBinary(PgTypes.DATE, BinaryDates.date(LocalDate.of(1984, 3, 17)), 0, 4))
                .isEqualTo(BinaryDates.date(LocalDate.of(1983, 2, 11)));
        LocalDateTime t = LocalDateTime.of(2021, 3, 28, 1, 30, 0, 123_456_000);
        for (int oid : new int[] {PgTypes.TIMESTAMP, PgTypes.TIMESTAMPTZ}) {
            assertThat(masker.maskBinary(oid, BinaryDates.timestamp(t), 0, 8))
                    .isEqualTo(BinaryDates.timestamp(t.minusDays(400)));
        }
    }

    @Test
    void binaryInfinityIsKeptAndOverflowBecomesNull() {
        ValueMasker forward = masker(30);
        assertThat(forward.maskBinary(PgTypes.DATE, BinaryDates.int32(Integer.MAX_VALUE), 0, 4))
                .isEqualTo(BinaryDates.int32(Integer.MAX_VALUE));
        assertThat(forward.maskBinary(PgTypes.TIMESTAMP, BinaryDates.int64(Long.MAX_VALUE), 0, 8))
                .isEqualTo(BinaryDates.int64(Long.MAX_VALUE));
        LocalDateTime last = LocalDateTime.of(294276, 12, 31, 23, 59, 59);
        assertThat(forward.maskBinary(PgTypes.TIMESTAMPTZ, BinaryDates.timestamp(last), 0, 8)).isNull();
        assertThat(masker(-1).maskBinary(PgTypes.DATE, BinaryDates.date(LocalDate.of(-4713, 11, 24)), 0, 4)).isNull();
        assertThat(masker(1).maskBinary(PgTypes.DATE, BinaryDates.date(LocalDate.of(-4713, 11, 24)), 0, 4))
                .isEqualTo(BinaryDates.date(LocalDate.of(-4713, 11, 25)));
    }

    @Test
    void valuesInsideALargerBuffer() {
        byte[] buffer = new byte[20];
        System.arraycopy(BinaryDates.date(LocalDate.of(1984, 3, 17)), 0, buffer, 9, 4);
        assertThat(masker(30).maskBinary(PgTypes.DATE, buffer, 9, 4)).isEqualTo(BinaryDates.date(LocalDate.of(1984, 4, 16)));
    }
}
