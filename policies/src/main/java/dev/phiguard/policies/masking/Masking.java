package dev.phiguard.policies.masking;

import java.util.Objects;

/**
 * A masking rule for one output column, as data. A policy file names one of these per protected
 * column; {@link Maskers#compile} turns it into the {@link ValueMasker} that runs on the data path.
 *
 * <p>SQL NULL stays NULL under every rule (the proxy never calls a masker for NULL); every other
 * value, including the empty string, goes through the rule.
 */
public sealed interface Masking
        permits Masking.Redact, Masking.Partial, Masking.Tokenize, Masking.Nullify,
                Masking.GeneraliseDate, Masking.ShiftDate {

    /**
     * Replaces the whole value, whatever it is, with a fixed text ({@code "***"} by default).
     * Works on text-like columns in binary format too.
     *
     * @param replacement the text sent instead of every value; must not contain NUL
     */
    record Redact(String replacement) implements Masking {

        /** The replacement used when a policy does not name one. */
        public static final String DEFAULT_REPLACEMENT = "***";

        /** Validates the replacement. */
        public Redact {
            Objects.requireNonNull(replacement, "replacement");
            if (replacement.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("redact replacement must not contain NUL");
            }
        }

        /** Redacts with {@value #DEFAULT_REPLACEMENT}. */
        public Redact() {
            this(DEFAULT_REPLACEMENT);
        }
    }

    /**
     * Keeps the last {@code keepLast} significant characters and replaces every other significant
     * character (one Unicode code point) with {@code fill}, keeping separators in place:
     * {@code 123-45-6789} with {@code keepLast = 4} becomes {@code ***-**-6789}. Separators are the
     * ASCII characters space, {@code - . / ( ) + @ _ ,}; they are neither counted nor masked.
     * When a value has no more than {@code keepLast} significant characters, keeping them would
     * reveal the whole value, so all of them are masked. Length in characters is preserved.
     *
     * @param keepLast how many significant characters to keep at the end, 0 or more
     * @param fill the character that replaces masked characters ({@code '*'} by default); not NUL,
     *             not a surrogate
     */
    record Partial(int keepLast, char fill) implements Masking {

        /** The fill used when a policy does not name one. */
        public static final char DEFAULT_FILL = '*';

        /** Validates the parameters. */
        public Partial {
            if (keepLast < 0) {
                throw new IllegalArgumentException("partial keepLast must be 0 or more, got " + keepLast);
            }
            if (fill == '\0' || Character.isSurrogate(fill)) {
                throw new IllegalArgumentException("partial fill must be a printable character, not NUL or a surrogate");
            }
        }

        /** Keeps the last {@code keepLast} characters and fills the rest with {@value #DEFAULT_FILL}. */
        public Partial(int keepLast) {
            this(keepLast, DEFAULT_FILL);
        }
    }

    /**
     * Replaces the value with a deterministic token: HMAC-SHA256 under the purpose's
     * {@link MaskingKeys}, so equal values give equal tokens across sessions and leases with the
     * same key (joins and counts still work) while the value cannot be recovered or guessed without
     * the key. The empty string stays empty.
     *
     * @param format the shape of the token
     */
    record Tokenize(Format format) implements Masking {

        /** Validates the format. */
        public Tokenize {
            Objects.requireNonNull(format, "format");
        }

        /** The shape of a token. */
        public enum Format {
            /**
             * A US social security number in the area 900-999, which the SSA never issues as an
             * SSN, so a token can never be a real SSN: {@code 9AA-GG-SSSS} with group 01-99 and
             * serial 0001-9999. A value made of exactly nine digits plus dashes or spaces keeps its
             * layout ({@code 123456789} gives nine digits, {@code 123 45 6789} keeps the spaces)
             * and is keyed on its nine digits only, so the same SSN written differently gets the
             * same digits. Any other value becomes a dashed {@code 9AA-GG-SSSS} token of its bytes.
             * The token space holds about 10<sup>8</sup> values, so distinct SSNs can collide.
             */
            SSN,
            /**
             * A medical record number of the same shape: the leading run of non-digits (the
             * prefix, at most 8 characters) is kept, then every digit becomes a digit and every
             * letter a letter of the same case, separators {@code - _ . / : #} are kept, trailing
             * blanks are kept. A value that is not MRN-shaped (longer than 64 characters, other
             * characters, no digit, a longer prefix) becomes a {@link #TEXT}-shaped token.
             */
            MRN,
            /** {@code tok_} followed by 16 lowercase base32 characters (80 bits of the HMAC). */
            TEXT,
            /**
             * {@code tok_<16 base32>@masked.invalid}, a syntactically valid address in a reserved
             * domain; keyed on the value with ASCII letters lower-cased.
             */
            EMAIL
        }
    }

    /** Replaces every value with SQL NULL, in text and binary format, for any type. */
    record Nullify() implements Masking {
    }

    /**
     * Truncates dates and timestamps to the first day of their year or month, at midnight,
     * keeping the textual shape of their type ({@code 1984-03-17} becomes {@code 1984-01-01} or
     * {@code 1984-03-01}; {@code 1984-03-17 13:45:12.5+01} becomes {@code 1984-01-01 00:00:00+01}).
     * Text format is read as PostgreSQL prints it with {@code DateStyle = ISO}; {@code infinity}
     * and {@code -infinity} are kept. A value that cannot be read as an ISO date or timestamp is
     * masked entirely: it becomes NULL.
     *
     * @param precision what to keep
     */
    record GeneraliseDate(Precision precision) implements Masking {

        /** Validates the precision. */
        public GeneraliseDate {
            Objects.requireNonNull(precision, "precision");
        }

        /** What a generalised date keeps. */
        public enum Precision {
            /** The year only: the first of January. */
            YEAR,
            /** The year and month: the first day of the month. */
            MONTH
        }
    }

    /**
     * Shifts dates and timestamps by the lease's {@link DateShift} (a whole number of days, the same
     * for every value of the lease, so intervals between dates survive), keeping the time of day,
     * the time-zone text and the textual shape. Text format is read as with {@link GeneraliseDate};
     * a value that cannot be read, or whose shifted date is outside PostgreSQL's range, becomes
     * NULL.
     */
    record ShiftDate() implements Masking {
    }
}
