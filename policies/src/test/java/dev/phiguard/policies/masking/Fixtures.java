package dev.phiguard.policies.masking;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Keys and helpers shared by the masking tests. */
final class Fixtures {

    static final byte[] KEY_A = key(1);
    static final byte[] KEY_B = key(2);
    static final DateShift SHIFT_30 = new DateShift(30);

    private Fixtures() {
    }

    static byte[] key(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i * 7);
        }
        return key;
    }

    static ValueMasker compile(Masking rule) {
        return Maskers.compile(rule, MaskingKeys.of(KEY_A), SHIFT_30);
    }

    static ValueMasker compile(Masking rule, DateShift shift) {
        return Maskers.compile(rule, MaskingKeys.of(KEY_A), shift);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Masks {@code s} in text format, placed in the middle of a larger buffer to exercise offsets. */
    static String maskText(ValueMasker masker, String s) {
        byte[] value = utf8(s);
        byte[] buffer = new byte[value.length + 10];
        Arrays.fill(buffer, (byte) '#');
        System.arraycopy(value, 0, buffer, 7, value.length);
        byte[] out = masker.maskText(buffer, 7, value.length);
        if (out == buffer) {
            throw new AssertionError("masker returned its input buffer");
        }
        return text(out);
    }
}
