package dev.phiguard.policies.masking;

import java.util.Arrays;
import java.util.Objects;

/**
 * Base of the rules that rewrite dates and timestamps: reads ISO text and the binary
 * {@code date} / {@code timestamp} / {@code timestamptz} formats, keeps {@code infinity}, turns
 * unreadable or out-of-range results into SQL NULL, and leaves the calendar arithmetic to the rule.
 * Text-like columns in binary format are read as text.
 */
abstract class DateRuleMasker implements ValueMasker {

    /** Days from 1970-01-01 to PostgreSQL's epoch 2000-01-01. */
    static final int PG_EPOCH_DAYS = 10_957;
    /** First valid {@code date} in PostgreSQL days (Julian day 0, 4714-11-24 BC). */
    static final long DATE_MIN = -2_451_545L;
    /** First day after the last valid {@code date} (5874898-01-01) in PostgreSQL days. */
    static final long DATE_END = 2_147_483_494L - 2_451_545L;
    static final long MICROS_PER_DAY = 86_400_000_000L;
    /** First valid {@code timestamp}, 4714-11-24 BC 00:00, in PostgreSQL microseconds. */
    static final long TIMESTAMP_MIN = DATE_MIN * MICROS_PER_DAY;
    /** First instant after the last valid {@code timestamp} (294277-01-01 00:00). */
    static final long TIMESTAMP_END = (109_203_528L - 2_451_545L) * MICROS_PER_DAY;
    /** First year that a {@code date} / a {@code timestamp} cannot hold. */
    static final int DATE_END_YEAR = 5_874_898;
    static final int TIMESTAMP_END_YEAR = 294_277;

    /** Returned by the arithmetic hooks when the result cannot be represented. */
    static final long NO_VALUE = Long.MIN_VALUE;

    private final Masking rule;

    DateRuleMasker(Masking rule) {
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /** Rewrites a parsed text value; {@code null} when the result cannot be represented. */
    abstract byte[] rewriteText(byte[] v, IsoDateText date);

    /** Rewrites a {@code date} in PostgreSQL days, or returns {@link #NO_VALUE}. */
    abstract long rewriteDays(long days);

    /** Rewrites a {@code timestamp[tz]} in PostgreSQL microseconds, or returns {@link #NO_VALUE}. */
    abstract long rewriteMicros(long micros);

    @Override
    public final Masking rule() {
        return rule;
    }

    @Override
    public final byte[] maskText(byte[] value, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, value.length);
        if (IsoDateText.isInfinity(value, offset, length)) {
            return Arrays.copyOfRange(value, offset, offset + length);
        }
        IsoDateText date = IsoDateText.parse(value, offset, length);
        return date == null ? null : rewriteText(value, date);
    }

    @Override
    public final boolean supportsBinary(int typeOid) {
        return PgTypes.isDateOrTimestamp(typeOid) || PgTypes.isTextLike(typeOid);
    }

    @Override
    public final byte[] maskBinary(int typeOid, byte[] value, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, value.length);
        if (PgTypes.isTextLike(typeOid)) {
            return maskText(value, offset, length);
        }
        if (typeOid == PgTypes.DATE) {
            return binaryDate(value, offset, length);
        }
        if (typeOid == PgTypes.TIMESTAMP || typeOid == PgTypes.TIMESTAMPTZ) {
            return binaryTimestamp(value, offset, length);
        }
        throw new MaskingException(Maskers.describe(rule) + " cannot mask binary values of type OID "
                + typeOid + "; it masks date, timestamp, timestamptz and text");
    }

    private byte[] binaryDate(byte[] value, int offset, int length) {
        if (length != 4) {
            throw new MaskingException("malformed binary date: " + length + " bytes instead of 4");
        }
        int days = (value[offset] & 0xFF) << 24 | (value[offset + 1] & 0xFF) << 16
                | (value[offset + 2] & 0xFF) << 8 | (value[offset + 3] & 0xFF);
        if (days == Integer.MIN_VALUE || days == Integer.MAX_VALUE) { // -infinity, infinity
            return Arrays.copyOfRange(value, offset, offset + length);
        }
        long result = days < DATE_MIN || days >= DATE_END ? NO_VALUE : rewriteDays(days);
        if (result == NO_VALUE || result < DATE_MIN || result >= DATE_END) {
            return null;
        }
        int r = (int) result;
        return new byte[] {(byte) (r >>> 24), (byte) (r >>> 16), (byte) (r >>> 8), (byte) r};
    }

    private byte[] binaryTimestamp(byte[] value, int offset, int length) {
        if (length != 8) {
            throw new MaskingException("malformed binary timestamp: " + length + " bytes instead of 8");
        }
        long micros = 0;
        for (int i = 0; i < 8; i++) {
            micros = micros << 8 | (value[offset + i] & 0xFF);
        }
        if (micros == Long.MIN_VALUE || micros == Long.MAX_VALUE) { // -infinity, infinity
            return Arrays.copyOfRange(value, offset, offset + length);
        }
        long result = micros < TIMESTAMP_MIN || micros >= TIMESTAMP_END ? NO_VALUE : rewriteMicros(micros);
        if (result == NO_VALUE || result < TIMESTAMP_MIN || result >= TIMESTAMP_END) {
            return null;
        }
        byte[] out = new byte[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = (byte) result;
            result >>>= 8;
        }
        return out;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + rule + "]";
    }
}
