package dev.phiguard.policies.detect;

import java.nio.charset.StandardCharsets;

/**
 * What a detector finds. The order is the priority when two findings start at the same place
 * and have the same length.
 */
public enum DetectorKind {
    /** A US social security number that passes the SSA's validity rules. */
    SSN("[SSN]"),
    /** A payment card number: 13-19 digits, a major network's first digit, Luhn-valid. */
    CARD("[CARD]"),
    /** A North American (NANP) phone number. */
    PHONE("[PHONE]"),
    /** An e-mail address. */
    EMAIL("[EMAIL]"),
    /** A date after a date-of-birth label. */
    DATE_OF_BIRTH("[DOB]"),
    /** A match of one of the policy's MRN patterns. */
    MRN("[MRN]");

    private final String tag;
    private final byte[] tagBytes;

    DetectorKind(String tag) {
        this.tag = tag;
        this.tagBytes = tag.getBytes(StandardCharsets.US_ASCII);
    }

    /** The text that replaces a finding under {@link ReplacementStyle#TAG}, e.g. {@code [SSN]}. */
    public String tag() {
        return tag;
    }

    byte[] tagBytes() {
        return tagBytes;
    }
}
