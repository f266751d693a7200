package dev.phiguard.policies.masking;

import java.time.LocalDate;

/**
 * {@link Masking.ShiftDate}: moves the date by the lease's {@link DateShift}, keeping the time of
 * day, fraction and zone text as printed. Text timestamps shift their local date, so across a
 * daylight-saving change the printed offset stays the one of the original value; binary values
 * shift by exactly {@code days * 24h}. Results outside PostgreSQL's range become NULL.
 */
final class ShiftDateMasker extends DateRuleMasker {

    private static final long JULIAN_DAY_ZERO = DATE_MIN + PG_EPOCH_DAYS; // in days since 1970-01-01

    private final int days;

    ShiftDateMasker(Masking.ShiftDate rule, DateShift shift) {
        super(rule);
        this.days = shift.days();
    }

    @Override
    byte[] rewriteText(byte[] v, IsoDateText date) {
        LocalDate shifted = date.date().plusDays(days);
        int endYear = date.hasTime() ? TIMESTAMP_END_YEAR : DATE_END_YEAR;
        if (shifted.toEpochDay() < JULIAN_DAY_ZERO || shifted.getYear() >= endYear) {
            return null;
        }
        int astronomical = shifted.getYear();
        boolean bc = astronomical <= 0;
        String year = Integer.toString(bc ? 1 - astronomical : astronomical);
        int yearLength = Math.max(4, year.length());
        int restLength = date.suffixStart() - date.dateEnd();
        byte[] out = new byte[yearLength + 6 + restLength + (bc ? 3 : 0)];
        int o = 0;
        for (int pad = year.length(); pad < 4; pad++) {
            out[o++] = '0';
        }
        for (int i = 0; i < year.length(); i++) {
            out[o++] = (byte) year.charAt(i);
        }
        o = twoDigits(out, twoDigits(out, o, shifted.getMonthValue()), shifted.getDayOfMonth());
        System.arraycopy(v, date.dateEnd(), out, o, restLength);
        o += restLength;
        if (bc) {
            out[o++] = ' ';
            out[o++] = 'B';
            out[o] = 'C';
        }
        return out;
    }

    /** Writes {@code -NN} at {@code o}; returns the index after it. */
    private static int twoDigits(byte[] out, int o, int n) {
        out[o] = '-';
        out[o + 1] = (byte) ('0' + n / 10);
        out[o + 2] = (byte) ('0' + n % 10);
        return o + 3;
    }

    @Override
    long rewriteDays(long pgDays) {
        return pgDays + days;
    }

    @Override
    long rewriteMicros(long micros) {
        try {
            return Math.addExact(micros, days * MICROS_PER_DAY); // the range check follows in the caller
        } catch (ArithmeticException overflow) {
            return NO_VALUE;
        }
    }
}
