package dev.phiguard.policies.detect;

import static dev.phiguard.policies.detect.Scan.only;
import static dev.phiguard.policies.detect.Scan.scan;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailDetectorTest {

    private static final Detectors EMAIL = only(DetectorKind.EMAIL);

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            jane.doe@example.com|[EMAIL]
            Contact: a+b@sub.example.co.uk.|Contact: [EMAIL].
            josé.núñez@hospital.es|[EMAIL]
            <bob_smith-1@mail.example.org>|<[EMAIL]>
            o'brien@example.ie wrote|[EMAIL] wrote
            ana@ñandú.com.ar|[EMAIL]
            a@b.co, c@d.io|[EMAIL], [EMAIL]
            """)
    void addressesAreFound(String value, String expected) {
        assertThat(scan(EMAIL, value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"@handle", "user@localhost", "a@b.c", "foo@.com", "trailing@", "@@", "x @ y.com", "no at sign"})
    void nonAddressesAreLeftAlone(String value) {
        assertThat(scan(EMAIL, value)).isEqualTo(value);
    }
}
