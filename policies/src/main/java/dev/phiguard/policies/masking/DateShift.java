package dev.phiguard.policies.masking;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The number of days by which {@link Masking.ShiftDate} moves every date of one lease. Never zero,
 * since a zero shift would pass dates through unmasked.
 *
 * @param days the shift, between {@code -MAX_DAYS} and {@code MAX_DAYS}, not 0
 */
public record DateShift(int days) {

    /** The largest shift accepted, about ten years. */
    public static final int MAX_DAYS = 3650;

    /** Validates the shift. */
    public DateShift {
        if (days == 0) {
            throw new IllegalArgumentException("date shift must not be 0 days: dates would not be masked");
        }
        if (days < -MAX_DAYS || days > MAX_DAYS) {
            throw new IllegalArgumentException(
                    "date shift must be within +/-" + MAX_DAYS + " days, got " + days);
        }
    }

    /**
     * Derives a lease's shift from the purpose key and the lease id: uniform over
     * {@code [-maxDays, -1] ∪ [1, maxDays]}, the same every time for the same key and lease, and
     * unpredictable without the key.
     *
     * @param maxDays the largest shift in either direction, 1 to {@value #MAX_DAYS}
     */
    public static DateShift derive(MaskingKeys keys, String leaseId, int maxDays) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(leaseId, "leaseId");
        if (maxDays < 1 || maxDays > MAX_DAYS) {
            throw new IllegalArgumentException("maxDays must be 1 to " + MAX_DAYS + ", got " + maxDays);
        }
        byte[] id = leaseId.getBytes(StandardCharsets.UTF_8);
        byte[] h = keys.hash().hmac(KeyedHash.DATE_SHIFT, id, 0, id.length);
        long draw = Integer.toUnsignedLong(
                (h[0] & 0xFF) << 24 | (h[1] & 0xFF) << 16 | (h[2] & 0xFF) << 8 | (h[3] & 0xFF));
        int slot = (int) (draw % (2L * maxDays));
        return new DateShift(slot < maxDays ? -(slot + 1) : slot - maxDays + 1);
    }
}
