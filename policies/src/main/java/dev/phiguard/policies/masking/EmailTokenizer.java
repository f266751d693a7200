package dev.phiguard.policies.masking;

import java.nio.charset.StandardCharsets;

/**
 * {@link Masking.Tokenize.Format#EMAIL}: {@code tok_<16 base32>@masked.invalid}, keyed on the value
 * with ASCII letters lower-cased so that {@code Ann@X.org} and {@code ann@x.org} match.
 */
final class EmailTokenizer implements Tokenizer {

    private static final byte[] DOMAIN = "@masked.invalid".getBytes(StandardCharsets.US_ASCII);

    private final KeyedHash hash;

    EmailTokenizer(KeyedHash hash) {
        this.hash = hash;
    }

    @Override
    public byte[] tokenize(byte[] value, int offset, int length) {
        byte[] lower = new byte[length];
        for (int i = 0; i < length; i++) {
            byte b = value[offset + i];
            lower[i] = Utf8.isUpper(b) ? (byte) (b + ('a' - 'A')) : b;
        }
        byte[] out = new byte[TextTokenizer.TOKEN_LENGTH + DOMAIN.length];
        TextTokenizer.write(hash.hmac(KeyedHash.EMAIL, lower, 0, length), out, 0);
        System.arraycopy(DOMAIN, 0, out, TextTokenizer.TOKEN_LENGTH, DOMAIN.length);
        return out;
    }
}
