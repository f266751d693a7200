package dev.phiguard.policies.masking;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@link Masking.Partial}: keeps the last N significant characters, fills the others, keeps
 * separators. Works on UTF-8 bytes in two passes (find the split, then copy) without decoding; a
 * character is a code point, so a multi-byte letter becomes one fill character. Malformed UTF-8
 * cannot leak: every byte before the split is either an ASCII separator copied as is or part of a
 * character that is replaced.
 */
final class PartialMasker extends TextRuleMasker {

    private static final boolean[] SEPARATOR = new boolean[128];

    static {
        for (char c : " -./()+@_,".toCharArray()) {
            SEPARATOR[c] = true;
        }
    }

    private final int keepLast;
    private final byte[] fill;

    PartialMasker(Masking.Partial rule) {
        super(rule);
        this.keepLast = rule.keepLast();
        this.fill = String.valueOf(rule.fill()).getBytes(StandardCharsets.UTF_8);
    }

    static boolean isSeparator(byte b) {
        return b >= 0 && SEPARATOR[b];
    }

    @Override
    public byte[] maskText(byte[] value, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, value.length);
        int end = offset + length;
        int split = splitPoint(value, offset, end);

        int outLength = end - split;
        for (int i = offset; i < split; i++) {
            byte b = value[i];
            if (isSeparator(b)) {
                outLength++;
            } else if (!Utf8.isContinuation(b) || i == offset) {
                outLength += fill.length;
            }
        }
        byte[] out = new byte[outLength];
        int o = 0;
        for (int i = offset; i < split; i++) {
            byte b = value[i];
            if (isSeparator(b)) {
                out[o++] = b;
            } else if (!Utf8.isContinuation(b) || i == offset) {
                for (byte f : fill) {
                    out[o++] = f;
                }
            }
        }
        System.arraycopy(value, split, out, o, end - split);
        return out;
    }

    /**
     * The index where the kept suffix starts: the start of the {@code keepLast}-th significant
     * character from the end, or {@code end} (mask everything) when there are not more than
     * {@code keepLast} significant characters.
     */
    private int splitPoint(byte[] value, int offset, int end) {
        if (keepLast == 0) {
            return end;
        }
        int kept = 0;
        int i = end;
        while (i > offset) {
            i--;
            byte b = value[i];
            if (Utf8.isContinuation(b) && i > offset) {
                continue;
            }
            if (!isSeparator(b) && ++kept == keepLast) {
                break;
            }
        }
        if (kept < keepLast) {
            return end;
        }
        for (int j = offset; j < i; j++) {
            if (!isSeparator(value[j])) {
                return i; // something significant remains to be masked
            }
        }
        return end;
    }
}
