package dev.phiguard.policies.masking;

import java.time.LocalDate;

/**
 * {@link Masking.GeneraliseDate}: the first day of the year or month, at midnight. Text keeps the
 * printed year, the date/time separator, the zone text and the era; the fraction is dropped.
 * Binary {@code timestamptz} is truncated in UTC (text format in the session's time zone).
 */
final class GeneraliseDateMasker extends DateRuleMasker {

    private static final byte[] MIDNIGHT = {'0', '0', ':', '0', '0', ':', '0', '0'};

    private final boolean keepMonth;

    GeneraliseDateMasker(Masking.GeneraliseDate rule) {
        super(rule);
        this.keepMonth = rule.precision() == Masking.GeneraliseDate.Precision.MONTH;
    }

    @Override
    byte[] rewriteText(byte[] v, IsoDateText date) {
        int yearLength = date.dateEnd() - 6 - date.yearStart();
        int zoneLength = date.hasTime() ? date.suffixStart() - date.zoneStart() : 0;
        int timeLength = date.hasTime() ? 1 + MIDNIGHT.length : 0;
        int suffixLength = date.end() - date.suffixStart();
        byte[] out = new byte[yearLength + 6 + timeLength + zoneLength + suffixLength];
        System.arraycopy(v, date.yearStart(), out, 0, yearLength);
        int o = yearLength;
        out[o++] = '-';
        out[o++] = keepMonth ? (byte) ('0' + date.month() / 10) : (byte) '0';
        out[o++] = keepMonth ? (byte) ('0' + date.month() % 10) : (byte) '1';
        out[o++] = '-';
        out[o++] = '0';
        out[o++] = '1';
        if (date.hasTime()) {
            out[o++] = v[date.timeStart()];
            System.arraycopy(MIDNIGHT, 0, out, o, MIDNIGHT.length);
            o += MIDNIGHT.length;
            System.arraycopy(v, date.zoneStart(), out, o, zoneLength);
            o += zoneLength;
        }
        System.arraycopy(v, date.suffixStart(), out, o, suffixLength);
        return out;
    }

    @Override
    long rewriteDays(long days) {
        LocalDate date = LocalDate.ofEpochDay(days + PG_EPOCH_DAYS);
        LocalDate first = keepMonth ? date.withDayOfMonth(1) : date.withDayOfYear(1);
        return first.toEpochDay() - PG_EPOCH_DAYS;
    }

    @Override
    long rewriteMicros(long micros) {
        long first = rewriteDays(Math.floorDiv(micros, MICROS_PER_DAY));
        return first < DATE_MIN ? NO_VALUE : first * MICROS_PER_DAY;
    }
}
