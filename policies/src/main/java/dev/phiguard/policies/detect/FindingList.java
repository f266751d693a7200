package dev.phiguard.policies.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The findings of one scan, in the order found; merges overlaps and writes the redacted value.
 * Created only once a value has a finding.
 */
final class FindingList {

    private long[] spans = new long[4];
    private DetectorKind[] kinds = new DetectorKind[4];
    private int size;

    void add(DetectorKind kind, int start, int end) {
        if (size == spans.length) {
            spans = Arrays.copyOf(spans, size * 2);
            kinds = Arrays.copyOf(kinds, size * 2);
        }
        spans[size] = Spans.of(start, end);
        kinds[size] = kind;
        size++;
    }

    /**
     * Sorts by start (then longer first, then kind priority), merges overlapping findings into the
     * first one's kind, and builds the new value.
     *
     * @param offset where the value starts in {@code v}; finding positions are reported relative to it
     */
    Redaction redact(byte[] v, int offset, int end, ReplacementStyle style) {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            int c = Integer.compare(Spans.start(spans[x]), Spans.start(spans[y]));
            if (c == 0) {
                c = Integer.compare(Spans.end(spans[y]), Spans.end(spans[x]));
            }
            return c != 0 ? c : kinds[x].compareTo(kinds[y]);
        });
        List<Finding> merged = new ArrayList<>(size);
        int curStart = -1;
        int curEnd = -1;
        DetectorKind curKind = null;
        for (int index : order) {
            int s = Spans.start(spans[index]);
            int e = Spans.end(spans[index]);
            if (curKind != null && s < curEnd) {
                curEnd = Math.max(curEnd, e);
                continue;
            }
            if (curKind != null) {
                merged.add(new Finding(curKind, curStart - offset, curEnd - offset));
            }
            curStart = s;
            curEnd = e;
            curKind = kinds[index];
        }
        merged.add(new Finding(curKind, curStart - offset, curEnd - offset));
        return new Redaction(write(v, offset, end, merged, style), merged);
    }

    private static byte[] write(byte[] v, int offset, int end, List<Finding> findings, ReplacementStyle style) {
        int length = end - offset;
        for (Finding f : findings) {
            length += replacementLength(v, offset + f.start(), offset + f.end(), f.kind(), style) - (f.end() - f.start());
        }
        byte[] out = new byte[length];
        int o = 0;
        int copied = offset;
        for (Finding f : findings) {
            int s = offset + f.start();
            int e = offset + f.end();
            System.arraycopy(v, copied, out, o, s - copied);
            o += s - copied;
            if (style == ReplacementStyle.TAG) {
                byte[] tag = f.kind().tagBytes();
                System.arraycopy(tag, 0, out, o, tag.length);
                o += tag.length;
            } else {
                for (int i = s; i < e; i++) {
                    byte b = v[i];
                    if (b >= 0 && !Ascii.isLetterOrDigit(b)) {
                        out[o++] = b;
                    } else if ((b & 0xC0) != 0x80) {
                        out[o++] = '*';
                    }
                }
            }
            copied = e;
        }
        System.arraycopy(v, copied, out, o, end - copied);
        return out;
    }

    private static int replacementLength(byte[] v, int s, int e, DetectorKind kind, ReplacementStyle style) {
        if (style == ReplacementStyle.TAG) {
            return kind.tagBytes().length;
        }
        int n = 0;
        for (int i = s; i < e; i++) {
            if ((v[i] & 0xC0) != 0x80) {
                n++;
            }
        }
        return n;
    }
}
