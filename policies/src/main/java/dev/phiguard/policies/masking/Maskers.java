package dev.phiguard.policies.masking;

import java.util.Objects;

/** Compiles {@link Masking} rules into {@link ValueMasker}s. */
public final class Maskers {

    private Maskers() {
    }

    /**
     * Compiles a rule once, for as many values and threads as needed.
     *
     * @param rule the column's rule
     * @param keys the purpose's key, used by {@link Masking.Tokenize}
     * @param shift the lease's date shift, used by {@link Masking.ShiftDate}
     */
    public static ValueMasker compile(Masking rule, MaskingKeys keys, DateShift shift) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(shift, "shift");
        if (rule instanceof Masking.Redact redact) {
            return new RedactMasker(redact);
        } else if (rule instanceof Masking.Partial partial) {
            return new PartialMasker(partial);
        } else if (rule instanceof Masking.Tokenize tokenize) {
            return new TokenizeMasker(tokenize, keys);
        } else if (rule instanceof Masking.Nullify nullify) {
            return new NullifyMasker(nullify);
        } else if (rule instanceof Masking.GeneraliseDate generalise) {
            return new GeneraliseDateMasker(generalise);
        } else if (rule instanceof Masking.ShiftDate shiftDate) {
            return new ShiftDateMasker(shiftDate, shift);
        }
        throw new IllegalArgumentException("unknown masking rule " + rule.getClass().getName());
    }

    /** A short, value-free name of a rule for error messages: {@code "redact"}, {@code "tokenize(SSN)"}. */
    static String describe(Masking rule) {
        if (rule instanceof Masking.Redact) {
            return "redact";
        } else if (rule instanceof Masking.Partial p) {
            return "partial(" + p.keepLast() + ")";
        } else if (rule instanceof Masking.Tokenize t) {
            return "tokenize(" + t.format() + ")";
        } else if (rule instanceof Masking.Nullify) {
            return "nullify";
        } else if (rule instanceof Masking.GeneraliseDate g) {
            return "generalise_date(" + g.precision() + ")";
        }
        return "shift_date";
    }
}
