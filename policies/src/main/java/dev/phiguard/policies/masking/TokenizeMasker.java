package dev.phiguard.policies.masking;

import java.util.Objects;

/** {@link Masking.Tokenize}: the format's token; the empty string stays empty. */
final class TokenizeMasker extends TextRuleMasker {

    private static final byte[] EMPTY = new byte[0];

    private final Tokenizer tokenizer;

    TokenizeMasker(Masking.Tokenize rule, MaskingKeys keys) {
        super(rule);
        KeyedHash hash = keys.hash();
        this.tokenizer = switch (rule.format()) {
            case SSN -> new SsnTokenizer(hash);
            case MRN -> new MrnTokenizer(hash);
            case TEXT -> new TextTokenizer(hash, KeyedHash.TEXT);
            case EMAIL -> new EmailTokenizer(hash);
        };
    }

    @Override
    public byte[] maskText(byte[] value, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, value.length);
        if (length == 0) {
            return EMPTY;
        }
        return tokenizer.tokenize(value, offset, length);
    }
}
