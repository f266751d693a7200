package dev.phiguard.policies.masking;

import java.nio.charset.StandardCharsets;

/** {@link Masking.Tokenize.Format#TEXT}: {@code tok_} + 16 base32 characters of the HMAC. */
final class TextTokenizer implements Tokenizer {

    static final int TOKEN_LENGTH = 20;
    private static final byte[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".getBytes(StandardCharsets.US_ASCII);

    private final KeyedHash hash;
    private final byte domain;

    TextTokenizer(KeyedHash hash, byte domain) {
        this.hash = hash;
        this.domain = domain;
    }

    @Override
    public byte[] tokenize(byte[] value, int offset, int length) {
        byte[] out = new byte[TOKEN_LENGTH];
        write(hash.hmac(domain, value, offset, length), out, 0);
        return out;
    }

    /** Writes {@code tok_} and the base32 of {@code mac[0, 10)} (80 bits) at {@code out[at, at + 20)}. */
    static void write(byte[] mac, byte[] out, int at) {
        out[at] = 't';
        out[at + 1] = 'o';
        out[at + 2] = 'k';
        out[at + 3] = '_';
        int o = at + 4;
        for (int group = 0; group < 2; group++) { // 2 x 40 bits = 2 x 8 characters
            long bits = 0;
            for (int i = 0; i < 5; i++) {
                bits = bits << 8 | (mac[group * 5 + i] & 0xFF);
            }
            for (int shift = 35; shift >= 0; shift -= 5) {
                out[o++] = ALPHABET[(int) (bits >>> shift) & 31];
            }
        }
    }
}
