package dev.phiguard.policies.masking;

import static dev.phiguard.policies.masking.Fixtures.compile;
import static dev.phiguard.policies.masking.Fixtures.maskText;
import static dev.phiguard.policies.masking.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactAndNullifyTest {

    @ParameterizedTest
    @ValueSource(strings = {"123-45-6789", "José Núñez", "", "x", "a very long value ........................................"})
    void redactReplacesEveryValue(String value) {
        assertThat(maskText(compile(new Masking.Redact()), value)).isEqualTo("***");
        assertThat(maskText(compile(new Masking.Redact("■ redacted")), value)).isEqualTo("■ redacted");
        assertThat(maskText(compile(new Masking.Redact("")), value)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {PgTypes.TEXT, PgTypes.VARCHAR, PgTypes.BPCHAR, PgTypes.NAME})
    void redactMasksTextLikeBinaryValues(int oid) {
        ValueMasker masker = compile(new Masking.Redact());
        assertThat(masker.supportsBinary(oid)).isTrue();
        assertThat(masker.maskBinary(oid, utf8("Núñez"), 0, 6)).isEqualTo(utf8("***"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"123-45-6789", "José Núñez", "", "1984-03-17"})
    void nullifyReturnsSqlNullInText(String value) {
        assertThat(compile(new Masking.Nullify()).maskText(utf8(value))).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {PgTypes.TEXT, PgTypes.INT4, PgTypes.INT8, PgTypes.NUMERIC, PgTypes.DATE,
                         PgTypes.TIMESTAMPTZ, 3802 /* jsonb */, 17 /* bytea */, 999_999})
    void nullifyMasksAnyBinaryType(int oid) {
        ValueMasker masker = compile(new Masking.Nullify());
        assertThat(masker.supportsBinary(oid)).isTrue();
        assertThat(masker.maskBinary(oid, new byte[] {0, 0, 0, 42}, 0, 4)).isNull();
    }
}
