package dev.phiguard.policies.detect;

import java.nio.charset.StandardCharsets;

/**
 * A byte range seen as characters one byte each, so that {@code java.util.regex} can search UTF-8
 * bytes without decoding them: ASCII reads as itself and match positions are byte positions. Bytes
 * of multi-byte characters read as characters U+0080 to U+00FF, which ASCII patterns never match.
 */
final class Latin1View implements CharSequence {

    private final byte[] bytes;
    private final int offset;
    private final int length;

    Latin1View(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) (bytes[offset + index] & 0xFF);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        if (start < 0 || end > length || start > end) {
            throw new IndexOutOfBoundsException("subSequence " + start + ".." + end + " of " + length);
        }
        return new Latin1View(bytes, offset + start, end - start);
    }

    @Override
    public String toString() {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
}
