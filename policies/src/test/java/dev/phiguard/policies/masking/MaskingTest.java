package dev.phiguard.policies.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void defaults() {
        assertThat(new Masking.Redact().replacement()).isEqualTo("***");
        assertThat(new Masking.Partial(4)).isEqualTo(new Masking.Partial(4, '*'));
    }

    @Test
    void invalidRulesAreRejected() {
        assertThatThrownBy(() -> new Masking.Partial(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keepLast");
        assertThatThrownBy(() -> new Masking.Partial(2, '\uD800')).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Masking.Partial(2, '\0')).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Masking.Redact("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Masking.Redact(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Masking.Tokenize(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Masking.GeneraliseDate(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void compileRequiresKeysAndShift() {
        MaskingKeys keys = MaskingKeys.of(Fixtures.KEY_A);
        assertThatThrownBy(() -> Maskers.compile(new Masking.Nullify(), null, Fixtures.SHIFT_30))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Maskers.compile(new Masking.Nullify(), keys, null))
                .isInstanceOf(NullPointerException.class);
        assertThat(Maskers.compile(new Masking.ShiftDate(), keys, Fixtures.SHIFT_30).rule())
                .isEqualTo(new Masking.ShiftDate());
    }
}
