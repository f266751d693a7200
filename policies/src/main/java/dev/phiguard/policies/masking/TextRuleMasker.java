package dev.phiguard.policies.masking;

import java.util.Objects;

/**
 * Base of the maskers that work on text: in binary format they accept only the text-like types,
 * whose binary form is the same UTF-8 bytes as the text form.
 */
abstract class TextRuleMasker implements ValueMasker {

    private final Masking rule;

    TextRuleMasker(Masking rule) {
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    @Override
    public final Masking rule() {
        return rule;
    }

    @Override
    public final boolean supportsBinary(int typeOid) {
        return PgTypes.isTextLike(typeOid);
    }

    @Override
    public final byte[] maskBinary(int typeOid, byte[] value, int offset, int length) {
        if (!PgTypes.isTextLike(typeOid)) {
            throw new MaskingException(Maskers.describe(rule) + " cannot mask binary values of type OID "
                    + typeOid + "; request text format for this column");
        }
        return maskText(value, offset, length);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + rule + "]";
    }
}
