package dev.phiguard.policies.masking;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** {@link Masking.Redact}: every value becomes the same replacement text (a shared array). */
final class RedactMasker extends TextRuleMasker {

    private final byte[] replacement;

    RedactMasker(Masking.Redact rule) {
        super(rule);
        this.replacement = rule.replacement().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] maskText(byte[] value, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, value.length);
        return replacement;
    }
}
