package dev.phiguard.policies.masking;

import static dev.phiguard.policies.masking.Fixtures.compile;
import static dev.phiguard.policies.masking.Fixtures.maskText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.policies.masking.Masking.GeneraliseDate.Precision;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GeneraliseDateMaskerTest {

    private static ValueMasker masker(Precision precision) {
        return compile(new Masking.GeneraliseDate(precision));
    }

    @ParameterizedTest(name = "{0}: [{1}] -> [{2}]")
    @CsvSource(delimiter = '|', textBlock = """
            YEAR |1984-03-17|1984-01-01
            MONTH|1984-03-17|1984-03-01
            YEAR |2000-02-29|2000-01-01
            MONTH|1999-12-31|1999-12-01
            YEAR |1984-03-17 13:45:12|1984-01-01 00:00:00
            MONTH|1984-03-17 13:45:12.123456|1984-03-01 00:00:00
            YEAR |1984-03-17 13:45:12.5+01|1984-01-01 00:00:00+01
            MONTH|1984-10-17 13:45:12-08:00|1984-10-01 00:00:00-08:00
            MONTH|1984-10-17 13:45:12+0530|1984-10-01 00:00:00+0530
            YEAR |1984-03-17T13:45:12Z|1984-01-01T00:00:00Z
            YEAR |1984-03-17 13:45|1984-01-01 00:00:00
            YEAR |0044-03-15 BC|0044-01-01 BC
            MONTH|0044-03-15 12:00:00+00:53:28 BC|0044-03-01 00:00:00+00:53:28 BC
            YEAR |12345-06-07|12345-01-01
            YEAR |infinity|infinity
            MONTH|-infinity|-infinity
            """)
    void textKeepsTheShapeOfItsType(Precision precision, String value, String expected) {
        assertThat(maskText(masker(precision), value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "03/17/1984", "17.03.1984", "Sat Mar 17 1984", "1984-13-01", "1984-02-30",
                            "1983-02-29", "1984-3-17", "198-03-17", "0000-01-01", "12345678-01-01", "1984-03-17 junk",
                            "1984-03-17 25:00:00", "1984-03-17 10:61:00", "1984-03-17 10:00:00+", "1984-03-17 10:00:00.",
                            "1984-03-17 10:00:00+01:00:00:00", "1984-03-17BC", "José Núñez", "INFINITY", "infinityx"})
    void unreadableTextIsMaskedEntirelyAsNull(String value) {
        assertThat(maskText(masker(Precision.YEAR), value)).isNull();
        assertThat(maskText(masker(Precision.MONTH), value)).isNull();
    }

    @Test
    void binaryDate() {
        ValueMasker year = masker(Precision.YEAR);
        ValueMasker month = masker(Precision.MONTH);
        byte[] value = BinaryDates.date(LocalDate.of(1984, 3, 17));
        assertThat(year.maskBinary(PgTypes.DATE, value, 0, 4)).isEqualTo(BinaryDates.date(LocalDate.of(1984, 1, 1)));
        assertThat(month.maskBinary(PgTypes.DATE, value, 0, 4)).isEqualTo(BinaryDates.date(LocalDate.of(1984, 3, 1)));
        byte[] future = BinaryDates.date(LocalDate.of(2031, 7, 9));
        assertThat(year.maskBinary(PgTypes.DATE, future, 0, 4)).isEqualTo(BinaryDates.date(LocalDate.of(2031, 1, 1)));
    }

    @ParameterizedTest
    @ValueSource(ints = {PgTypes.TIMESTAMP, PgTypes.TIMESTAMPTZ})
    void binaryTimestamps(int oid) {
        ValueMasker month = masker(Precision.MONTH);
        byte[] before2000 = BinaryDates.timestamp(LocalDateTime.of(1984, 3, 17, 13, 45, 12, 500_000_000));
        assertThat(month.maskBinary(oid, before2000, 0, 8))
                .isEqualTo(BinaryDates.timestamp(LocalDateTime.of(1984, 3, 1, 0, 0)));
        byte[] after2000 = BinaryDates.timestamp(LocalDateTime.of(2024, 12, 31, 23, 59, 59));
        assertThat(masker(Precision.YEAR).maskBinary(oid, after2000, 0, 8))
                .isEqualTo(BinaryDates.timestamp(LocalDateTime.of(2024, 1, 1, 0, 0)));
    }

    @Test
    void binaryInfinityIsKept() {
        ValueMasker masker = masker(Precision.YEAR);
        assertThat(masker.maskBinary(PgTypes.DATE, BinaryDates.int32(Integer.MAX_VALUE), 0, 4))
                .isEqualTo(BinaryDates.int32(Integer.MAX_VALUE));
        assertThat(masker.maskBinary(PgTypes.TIMESTAMPTZ, BinaryDates.int64(Long.MIN_VALUE), 0, 8))
                .isEqualTo(BinaryDates.int64(Long.MIN_VALUE));
    }

    @Test
    void binaryValuesOutsidePostgresRangeBecomeNull() {
        assertThat(masker(Precision.YEAR).maskBinary(PgTypes.TIMESTAMP, BinaryDates.int64(Long.MAX_VALUE - 1), 0, 8)).isNull();
        assertThat(masker(Precision.YEAR).maskBinary(PgTypes.DATE, BinaryDates.int32(Integer.MIN_VALUE + 1), 0, 4)).isNull();
    }

    @Test
    void malformedBinaryIsAnError() {
        assertThatThrownBy(() -> masker(Precision.YEAR).maskBinary(PgTypes.DATE, new byte[8], 0, 8))
                .isInstanceOf(MaskingException.class).hasMessageContaining("4");
        assertThatThrownBy(() -> masker(Precision.YEAR).maskBinary(PgTypes.TIMESTAMPTZ, new byte[4], 0, 4))
                .isInstanceOf(MaskingException.class).hasMessageContaining("8");
    }

    @Test
    void binarySupport() {
        ValueMasker masker = masker(Precision.YEAR);
        assertThat(masker.supportsBinary(PgTypes.DATE)).isTrue();
        assertThat(masker.supportsBinary(PgTypes.TIMESTAMP)).isTrue();
        assertThat(masker.supportsBinary(PgTypes.TIMESTAMPTZ)).isTrue();
        assertThat(masker.supportsBinary(PgTypes.TEXT)).isTrue();
        assertThat(masker.supportsBinary(PgTypes.INT4)).isFalse();
        assertThat(masker.maskBinary(PgTypes.TEXT, Fixtures.utf8("1984-03-17"), 0, 10)).isEqualTo(Fixtures.utf8("1984-01-01"));
        assertThatThrownBy(() -> masker.maskBinary(PgTypes.INT4, new byte[4], 0, 4))
                .isInstanceOf(MaskingException.class).hasMessageContaining("OID 23");
    }
}
