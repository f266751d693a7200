package dev.phiguard.policies.policy;

import java.util.List;
import java.util.Objects;

/**
 * How the values of one column are masked before they leave the proxy. Written in a policy as
 * {@code column: rule} (a rule without parameters, e.g. {@code redact}) or {@code column: {rule: {param: value}}}.
 * Masking applies to non-null values only; a null stays null.
 */
public sealed interface MaskingRule {

    /** Every rule name, in the order the documentation lists them. */
    List<String> NAMES = List.of("redact", "partial", "tokenize", "nullify", "generalise_date", "shift_date");

    /** The rule's name in policy files, e.g. {@code generalise_date}. */
    String ruleName();

    /**
     * Replace the whole value with a fixed text.
     *
     * @param replacement the text shown instead of the value (default {@value #DEFAULT_REPLACEMENT})
     */
    record Redact(String replacement) implements MaskingRule {
        /** The replacement used when the policy names none. */
        public static final String DEFAULT_REPLACEMENT = "***";

        public Redact {
            Objects.requireNonNull(replacement, "replacement");
            if (replacement.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("replacement must not contain control characters");
            }
        }

        @Override
        public String ruleName() {
            return "redact";
        }
    }

    /**
     * Keep the last characters and replace every other character with {@code fill}, keeping separators such as
     * {@code -} in place: {@code 123-45-6789} with {@code keepLast = 4} becomes {@code ***-**-6789}. With
     * {@code keepLast = 0} only the shape of the value is left.
     *
     * @param keepLast how many trailing characters stay, 0 to {@value #MAX_KEEP}
     * @param fill     the character that replaces the others (default {@value #DEFAULT_FILL}); printable
     */
    record Partial(int keepLast, char fill) implements MaskingRule {
        /** The largest value {@code keep_last} may take. */
        public static final int MAX_KEEP = 64;
        /** The fill used when the policy names none. */
        public static final char DEFAULT_FILL = '*';

        public Partial {
            if (keepLast < 0 || keepLast > MAX_KEEP) {
                throw new IllegalArgumentException("keepLast must be between 0 and " + MAX_KEEP);
            }
            if (Character.isISOControl(fill) || Character.isSurrogate(fill) || Character.isWhitespace(fill)) {
                throw new IllegalArgumentException("fill must be a printable character");
            }
        }

        /** Keeps the last {@code keepLast} characters and fills the rest with {@value #DEFAULT_FILL}. */
        public Partial(int keepLast) {
            this(keepLast, DEFAULT_FILL);
        }

        @Override
        public String ruleName() {
            return "partial";
        }
    }

    /**
     * Replace the value with a deterministic keyed token (HMAC), stable across sessions so joins still work.
     *
     * @param format the shape of the token
     */
    record Tokenize(TokenFormat format) implements MaskingRule {
        public Tokenize {
            Objects.requireNonNull(format, "format");
        }

        @Override
        public String ruleName() {
            return "tokenize";
        }
    }

    /** Replace the value with SQL NULL. */
    record Nullify() implements MaskingRule {
        @Override
        public String ruleName() {
            return "nullify";
        }
    }

    /**
     * Truncate a date or timestamp to its year or month.
     *
     * @param precision what is kept
     */
    record GeneraliseDate(DatePrecision precision) implements MaskingRule {
        public GeneraliseDate {
            Objects.requireNonNull(precision, "precision");
        }

        @Override
        public String ruleName() {
            return "generalise_date";
        }
    }

    /**
     * Shift a date or timestamp by an offset chosen once per lease, the same for every shifted column, so
     * intervals between dates stay true. The loader makes every {@code ShiftDate} of a policy agree on
     * {@code maxDays}; {@link Policy#dateShiftMaxDays()} gives that value.
     *
     * @param maxDays the offset lies between {@code -maxDays} and {@code +maxDays} days, zero excluded
     */
    record ShiftDate(int maxDays) implements MaskingRule {
        /** The bound used when the policy names none. */
        public static final int DEFAULT_MAX_DAYS = 365;
        /** The largest bound a policy may give (ten years). */
        public static final int LIMIT_MAX_DAYS = 3650;

        public ShiftDate {
            if (maxDays < 1 || maxDays > LIMIT_MAX_DAYS) {
                throw new IllegalArgumentException("maxDays must be between 1 and " + LIMIT_MAX_DAYS);
            }
        }

        @Override
        public String ruleName() {
            return "shift_date";
        }
    }
}
