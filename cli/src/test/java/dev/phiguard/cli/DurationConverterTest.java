package dev.phiguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @ParameterizedTest
    @CsvSource({"90s,PT1M30S", "30m,PT30M", "8h,PT8H", "1h30m,PT1H30M", "2d,PT48H", "PT15M,PT15M", "pt2h,PT2H"})
    void parses(String text, String iso) {
        assertThat(converter.convert(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "forever", "10", "m", "1x", "1h 30m", "-5m", "0m", "PT0S", "30m5"})
    void rejects(String text) {
        assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining(text.isEmpty() ? "duration" : text);
    }

    @ParameterizedTest
    @CsvSource({"PT8H,8h", "PT1H30M,1h30m", "PT45S,45s", "PT2M5S,2m5s"})
    void formats(String iso, String text) {
        assertThat(DurationConverter.format(Duration.parse(iso))).isEqualTo(text);
    }
}
