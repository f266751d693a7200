package dev.phiguard.policies.detect;

import static dev.phiguard.policies.detect.Scan.only;
import static dev.phiguard.policies.detect.Scan.scan;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneDetectorTest {

    private static final Detectors PHONE = only(DetectorKind.PHONE);

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            (555) 123-4567|[PHONE]
            (555)123-4567|[PHONE]
            555-123-4567|[PHONE]
            555.123.4567|[PHONE]
            555 123 4567|[PHONE]
            +1 555 123 4567|[PHONE]
            +1-555-123-4567|[PHONE]
            +1 (555) 123-4567|[PHONE]
            1-800-555-0199|[PHONE]
            call 212-555-0100 or 415.555.0199.|call [PHONE] or [PHONE].
            tel:+1.555.123.4567;ext=2|tel:[PHONE];ext=2
            """)
    void nanpNumbersAreFound(String value, String expected) {
        assertThat(scan(PHONE, value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "155-123-4567", "055-123-4567", "(155) 123-4567", "5551234567", "+15551234567", "555-123-45678",
        "1555-123-4567", "555-1234", "123-45-6789", "+44 20 7946 0958", "2024-01-15", "555-123-456",
    })
    void otherNumbersAreNotPhones(String value) {
        assertThat(scan(PHONE, value)).isEqualTo(value);
    }
}
