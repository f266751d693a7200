package dev.phiguard.policies.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MaskingKeysTest {

    @Test
    void shortKeysAreRejected() {
        assertThatThrownBy(() -> MaskingKeys.of(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void toStringShowsNoKeyMaterial() {
        byte[] key = Fixtures.key(9);
        String shown = MaskingKeys.of(key).toString();
        assertThat(shown).contains("redacted")
                .doesNotContain(HexFormat.of().formatHex(key).substring(0, 8))
                .doesNotContain(Arrays.toString(key).substring(1, 10));
    }

    @Test
    void keyIsCopiedOnTheWayIn() {
        byte[] key = Fixtures.key(3);
        MaskingKeys keys = MaskingKeys.of(key);
        ValueMasker before = Maskers.compile(new Masking.Tokenize(Masking.Tokenize.Format.TEXT), keys, Fixtures.SHIFT_30);
        String token = Fixtures.maskText(before, "Ann");
        Arrays.fill(key, (byte) 0);
        assertThat(Fixtures.maskText(before, "Ann")).isEqualTo(token);
        assertThat(Fixtures.maskText(Maskers.compile(new Masking.Tokenize(Masking.Tokenize.Format.TEXT),
                MaskingKeys.of(Fixtures.key(3)), Fixtures.SHIFT_30), "Ann")).isEqualTo(token);
    }
}
