package dev.phiguard.broker.lease;

import java.util.Optional;

/** Checks of free text (reasons) that reach reviewers' terminals, the audit log and the store. */
final class Texts {

    /** The longest reason accepted, in characters. */
    static final int MAX_REASON_LENGTH = 1000;

    private Texts() {
    }

    /**
     * What is wrong with a reason, or empty if nothing is: too long, or containing control characters (which could
     * rewrite a reviewer's terminal, e.g. ANSI escapes). Tabs and line breaks are control characters too: a reason
     * is one line.
     */
    static Optional<String> problem(String text) {
        if (text.length() > MAX_REASON_LENGTH) {
            return Optional.of("a reason must be at most " + MAX_REASON_LENGTH + " characters, got " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return Optional.of("a reason must not contain control characters (found U+"
                        + String.format("%04X", (int) c) + " at position " + (i + 1) + ")");
            }
        }
        return Optional.empty();
    }

    /** The stripped text, or empty when it is null or blank. */
    static Optional<String> stripped(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text.strip());
    }
}
