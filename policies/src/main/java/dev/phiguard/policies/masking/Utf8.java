package dev.phiguard.policies.masking;

/** Byte-level facts about UTF-8 that the maskers need, without decoding. */
final class Utf8 {

    private Utf8() {
    }

    /** Whether {@code b} continues a multi-byte sequence ({@code 10xxxxxx}) rather than starting a character. */
    static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    static boolean isUpper(byte b) {
        return b >= 'A' && b <= 'Z';
    }

    static boolean isLower(byte b) {
        return b >= 'a' && b <= 'z';
    }
}
