package dev.phiguard.proxy.enforce;

import dev.phiguard.policies.detect.Detectors;
import dev.phiguard.policies.detect.Redaction;
import dev.phiguard.policies.masking.ValueMasker;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * What happens to the value of one result column, compiled from the policy's treatment and the column's type
 * and format. Values are never null here (SQL NULL stays NULL without asking).
 */
sealed interface ColumnOp {

    /** Returned by {@link #apply} when the value leaves unchanged. */
    byte[] UNCHANGED = new byte[0];

    /**
     * @param value   the column's bytes (readable region), not modified
     * @param scratch a reusable buffer holder of the calling plan
     * @return {@link #UNCHANGED}, the replacement bytes, or null for SQL NULL
     */
    byte[] apply(ByteBuf value, Scratch scratch);

    /** Whether this column can ever change a value (lets a plan skip rows quickly). */
    default boolean changes() {
        return true;
    }

    /** Forwarded as it is: not text (binary numbers, dates), or no detector is active. */
    enum Keep implements ColumnOp {
        INSTANCE;

        @Override
        public byte[] apply(ByteBuf value, Scratch scratch) {
            return UNCHANGED;
        }

        @Override
        public boolean changes() {
            return false;
        }
    }

    /**
     * A value no rule masks, in text format: the value detectors scan it, and what they find is masked. In a
     * column that is not text (an SSN stored as a number), a finding cannot be replaced in place without
     * breaking the type, so the value becomes NULL.
     */
    record Detect(Detectors detectors, boolean textColumn) implements ColumnOp {
        @Override
        public byte[] apply(ByteBuf value, Scratch scratch) {
            int length = value.readableBytes();
            byte[] bytes = scratch.read(value);
            Redaction redaction = detectors.scan(bytes, 0, length);
            if (redaction == null) {
                return UNCHANGED;
            }
            return textColumn ? redaction.value() : null;
        }
    }

    /** A masking rule, in text or binary format. */
    record Mask(ValueMasker masker, int typeOid, boolean binary) implements ColumnOp {
        @Override
        public byte[] apply(ByteBuf value, Scratch scratch) {
            int length = value.readableBytes();
            byte[] bytes = scratch.read(value);
            return binary ? masker.maskBinary(typeOid, bytes, 0, length) : masker.maskText(bytes, 0, length);
        }
    }

    /** Every value replaced by the same bytes, or by NULL. */
    record Replace(byte[] replacement) implements ColumnOp {
        static final Replace WITH_NULL = new Replace(null);
        static final Replace WITH_STARS = new Replace("***".getBytes(StandardCharsets.UTF_8));

        @Override
        public byte[] apply(ByteBuf value, Scratch scratch) {
            return replacement;
        }
    }

    /** A per-plan buffer that values are copied into for the maskers (which work on byte arrays). */
    final class Scratch {
        private byte[] buffer = new byte[256];

        byte[] read(ByteBuf value) {
            int length = value.readableBytes();
            if (buffer.length < length) {
                buffer = new byte[Math.max(length, buffer.length * 2)];
            }
            value.getBytes(value.readerIndex(), buffer, 0, length);
            return buffer;
        }
    }
}
