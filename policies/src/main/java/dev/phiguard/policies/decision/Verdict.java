package dev.phiguard.policies.decision;

import java.util.Objects;

/**
 * What the proxy does with one Query or Parse message: forward it ({@link Allow}), refuse it with an error that names
 * the rule ({@link Deny}), or hold it until a reviewer approves it ({@link Hold}).
 *
 * <p>Rule ids are the constants of {@link Rules}. Messages and reasons name statements, tables, columns, functions
 * and parameters, never a literal value of the SQL text.
 */
public sealed interface Verdict {

    /** The single {@link Allow} value. */
    Verdict ALLOW = new Allow();

    /** @return whether the message may be forwarded without a reviewer */
    default boolean isAllowed() {
        return this instanceof Allow;
    }

    /** Every statement of the string passes every check: forward it untouched (results are still planned). */
    record Allow() implements Verdict {
    }

    /**
     * Refuse the message: the proxy answers with an ErrorResponse (SQLSTATE 42501) naming the rule, and the session
     * continues.
     *
     * @param rule    the rule that refused it, one of the {@link Rules} ids ({@code access.tables}, ...)
     * @param message what is refused and why, for the client; when the string holds several statements it starts
     *                with {@code statement N of M: }
     */
    record Deny(String rule, String message) implements Verdict {
        /** Validates. */
        public Deny {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * A hold rule of the policy matched: the message waits until a member of the policy's {@code approval.from_groups}
     * (not the requester) approves it; it is refused when the approval is denied or times out.
     *
     * @param rule   {@code hold.no_where}, {@code hold.estimated_rows_above} or {@code hold.any_write}
     * @param reason what matched, for the reviewer and the client
     */
    record Hold(String rule, String reason) implements Verdict {
        /** Validates. */
        public Hold {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
