package dev.phiguard.policies.masking;

import static dev.phiguard.policies.masking.Fixtures.compile;
import static dev.phiguard.policies.masking.Fixtures.maskText;
import static dev.phiguard.policies.masking.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartialMaskerTest {

    @ParameterizedTest(name = "keep {0} of [{1}] -> [{2}]")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, quoteCharacter = '"', textBlock = """
            4|123-45-6789|***-**-6789
            4|123456789|*****6789
            6|123-45-6789|***-45-6789
            4|(555) 123-4567|(***) ***-4567
            4|+1 555.123.4567|+* ***.***.4567
            4|1234 5678 9012 3456|**** **** **** 3456
            3|José Núñez|**** **ñez
            1|Zoë|**ë
            4|💉12345|**2345
            0|abc|***
            0|""|""
            4|abcd|****
            4|ab|**
            4|""|""
            2|---|---
            2|-a-|-*-
            4|a@b.com|*@b.com
            4|MRN00012345|*******2345
            """)
    void keepsTheLastCharactersAndSeparators(int keepLast, String value, String expected) {
        assertThat(maskText(compile(new Masking.Partial(keepLast)), value)).isEqualTo(expected);
    }

    @Test
    void otherFillCharacters() {
        assertThat(maskText(compile(new Masking.Partial(1, '#')), "abc")).isEqualTo("##c");
        assertThat(maskText(compile(new Masking.Partial(2, '•')), "abcd")).isEqualTo("••cd");
        assertThat(maskText(compile(new Masking.Partial(2, '•')), "é-é-é")).isEqualTo("•-é-é");
    }

    @Test
    void veryLongValues() {
        String value = "a".repeat(100_000) + "1234";
        assertThat(maskText(compile(new Masking.Partial(4)), value)).isEqualTo("*".repeat(100_000) + "1234");
    }

    @Test
    void malformedUtf8IsMaskedWithoutLeaking() {
        byte[] value = {(byte) 0x80, 'a', (byte) 0xC3, 'b', 'c'};
        byte[] out = compile(new Masking.Partial(1)).maskText(value);
        assertThat(out).isEqualTo(utf8("****c"));
    }

    @Test
    void binaryTextIsMaskedOtherTypesAreRefused() {
        ValueMasker masker = compile(new Masking.Partial(4));
        assertThat(masker.maskBinary(PgTypes.BPCHAR, utf8("123-45-6789"), 0, 11)).isEqualTo(utf8("***-**-6789"));
        assertThat(masker.supportsBinary(PgTypes.INT8)).isFalse();
        assertThatThrownBy(() -> masker.maskBinary(PgTypes.INT8, new byte[8], 0, 8))
                .isInstanceOf(MaskingException.class)
                .hasMessageContaining("partial(4)")
                .hasMessageContaining("OID 20");
    }

    @Test
    void rangeOutsideTheArrayIsRejected() {
        assertThatThrownBy(() -> compile(new Masking.Partial(4)).maskText(new byte[4], 2, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
