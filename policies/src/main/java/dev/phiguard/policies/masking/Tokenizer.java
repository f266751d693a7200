package dev.phiguard.policies.masking;

/** One token format: turns a non-empty text value into its deterministic token. */
interface Tokenizer {

    /** The token of {@code value[offset, offset + length)}, {@code length > 0}. */
    byte[] tokenize(byte[] value, int offset, int length);
}
