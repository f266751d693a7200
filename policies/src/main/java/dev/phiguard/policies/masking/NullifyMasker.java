package dev.phiguard.policies.masking;

import java.util.Objects;

/** {@link Masking.Nullify}: every value becomes SQL NULL, in either format, for any type. */
final class NullifyMasker implements ValueMasker {

    private final Masking.Nullify rule;

    NullifyMasker(Masking.Nullify rule) {
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    @Override
    public Masking rule() {
        return rule;
    }

    @Override
    public byte[] maskText(byte[] value, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, value.length);
        return null;
    }

    @Override
    public boolean supportsBinary(int typeOid) {
        return true;
    }

    @Override
    public byte[] maskBinary(int typeOid, byte[] value, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, value.length);
        return null;
    }

    @Override
    public String toString() {
        return "NullifyMasker[" + rule + "]";
    }
}
