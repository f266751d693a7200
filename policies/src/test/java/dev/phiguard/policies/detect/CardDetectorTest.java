package dev.phiguard.policies.detect;

import static dev.phiguard.policies.detect.Scan.only;
import static dev.phiguard.policies.detect.Scan.scan;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CardDetectorTest {

    private static final Detectors CARD = only(DetectorKind.CARD);

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            4111 1111 1111 1111|[CARD]
            4111-1111-1111-1111|[CARD]
            4111111111111111|[CARD]
            3782 822463 10005|[CARD]
            5555555555554444|[CARD]
            6011 1111 1111 1117|[CARD]
            4111111111119|[CARD]
            6011000000000000001|[CARD]
            36227206271667|[CARD]
            2221000000000009|[CARD]
            paid with 4111111111111111, exp 12/27|paid with [CARD], exp 12/27
            4111 1111 1111 1111 2024|[CARD] 2024
            ref 12 4111 1111 1111 1111|ref 12 [CARD]
            """)
    void luhnValidNumbersAreFound(String value, String expected) {
        assertThat(scan(CARD, value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "4111 1111 1111 1112", "4111111111111112", "17000000000001", "7000000000000005", "41111111111111110000",
        "3.4111111111111111", "4111 11 11 1111 1111", "411111111111", "4111  1111  1111  1111", "1700000000000 ms",
    })
    void otherNumbersAreNotCards(String value) {
        assertThat(scan(CARD, value)).isEqualTo(value);
    }
}
