package dev.phiguard.policies.detect;

import static dev.phiguard.policies.detect.Scan.only;
import static dev.phiguard.policies.detect.Scan.scan;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SsnDetectorTest {

    private static final Detectors SSN = only(DetectorKind.SSN);

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            123-45-6789|[SSN]
            123 45 6789|[SSN]
            123456789|[SSN]
            SSN:123456789.|SSN:[SSN].
            (123-45-6789)|([SSN])
            ssn=078-05-1120 on file|ssn=[SSN] on file
            899-99-9999|[SSN]
            001-01-0001|[SSN]
            665-12-3456 and 667-12-3456|[SSN] and [SSN]
            id A123456789B|id A[SSN]B
            -123456789|-[SSN]
            José Núñez 123-45-6789 ✓|José Núñez [SSN] ✓
            """)
    void validSsnsAreFound(String value, String expected) {
        assertThat(scan(SSN, value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "000-12-3456", "666-12-3456", "900-12-3456", "999-99-9999", "123-00-6789", "123-45-0000",
        "000123456", "666123456", "912345678",
        "1234567890", "12345678", "order 1234567890123", "123-45-67890", "0123-45-6789", "1123-45-6789",
        "123-45 6789", "123 45-6789", "123-456-789", "3.123456789", "123456789.5", "12-345-6789",
        "2024-01-15 10:30:00", "tel 555-123-4567",
    })
    void invalidOrLongerNumbersAreNotSsns(String value) {
        assertThat(scan(SSN, value)).isEqualTo(value);
    }
}
