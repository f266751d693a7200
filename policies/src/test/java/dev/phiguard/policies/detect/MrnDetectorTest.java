package dev.phiguard.policies.detect;

import static dev.phiguard.policies.detect.Scan.only;
import static dev.phiguard.policies.detect.Scan.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MrnDetectorTest {

    private static final Detectors MRN = only(DetectorKind.MRN, "MRN\\d{8}", "\\b[A-Z]{2}-\\d{6}\\b");

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            Patient MRN00012345 seen|Patient [MRN] seen
            ref AB-123456.|ref [MRN].
            MRN00012345/MRN00054321|[MRN]/[MRN]
            Núñez MRN00012345 ✓|Núñez [MRN] ✓
            """)
    void policyPatternsAreFound(String value, String expected) {
        assertThat(scan(MRN, value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MRN0001234", "ABC-123456", "ab-123456", "no digits MRN here"})
    void nonMatchesAreLeftAlone(String value) {
        assertThat(scan(MRN, value)).isEqualTo(value);
    }

    @Test
    void matchesWithoutADigitDoNotCount() {
        assertThat(scan(only(DetectorKind.MRN, "MRN[A-Z0-9]+"), "MRNABCDEF 1")).isEqualTo("MRNABCDEF 1");
        assertThat(scan(only(DetectorKind.MRN, "MRN[A-Z0-9]+"), "MRNABC1EF 1")).isEqualTo("[MRN] 1");
    }

    @Test
    void matchesAreWidenedToWholeCharacters() {
        // '.' matches the second byte of 'é'; the finding must still start at the character's first byte
        assertThat(scan(only(DetectorKind.MRN, ".\\d{3}"), "xé123")).isEqualTo("x[MRN]");
    }

    @Test
    void badPatternsAreRejectedWithTheirIndex() {
        assertThatThrownBy(() -> only(DetectorKind.MRN, "MRN\\d{8}", "MRN["))
                .isInstanceOf(DetectorSettingsException.class)
                .hasMessageContaining("MRN pattern 2")
                .satisfies(e -> assertThat(((DetectorSettingsException) e).patternIndex()).isEqualTo(1));
        assertThatThrownBy(() -> only(DetectorKind.MRN, "\\d*"))
                .isInstanceOf(DetectorSettingsException.class).hasMessageContaining("empty string");
        assertThatThrownBy(() -> only(DetectorKind.MRN, "Nº\\d+"))
                .isInstanceOf(DetectorSettingsException.class).hasMessageContaining("ASCII");
        assertThatThrownBy(() -> only(DetectorKind.MRN, " "))
                .isInstanceOf(DetectorSettingsException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> new DetectorSettings(true, true, true, true, true, null, ReplacementStyle.TAG))
                .isInstanceOf(NullPointerException.class);
        assertThat(Detectors.compile(DetectorSettings.all(List.of())).isActive()).isTrue();
    }
}
