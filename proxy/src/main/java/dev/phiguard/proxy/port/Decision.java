package dev.phiguard.proxy.port;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the proxy does with one statement: run it, refuse it, or hold it until a reviewer decides.
 * Decisions are data; the proxy only enforces them.
 */
public sealed interface Decision {

    /** Run the statement. */
    record Allow() implements Decision {}

    /**
     * Refuse the statement; {@code rule} names the policy rule that refused it, for the audit trail. The client receives an ErrorResponse with this SQLSTATE and message, and the
     * session behaves exactly as if the server had raised that error (a transaction block is aborted).
     */
    record Deny(String sqlState, String message, Optional<String> rule) implements Decision {
        public Deny {
            Objects.requireNonNull(sqlState, "sqlState");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(rule, "rule");
            if (sqlState.length() != 5) {
                throw new IllegalArgumentException("SQLSTATE must have five characters: " + sqlState);
            }
        }

        /** A denial no named policy rule made. */
        public Deny(String sqlState, String message) {
            this(sqlState, message, Optional.empty());
        }
    }

    /**
     * Hold the statement ({@code rule}: the policy rule that held it) until {@code resolution} completes with the final decision. The session reads
     * nothing more from its client while a statement is held. A resolution that completes exceptionally
     * or with another {@code Hold} denies the statement (fail closed).
     */
    record Hold(String reason, CompletionStage<Decision> resolution, Optional<String> rule) implements Decision {
        public Hold {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(resolution, "resolution");
            Objects.requireNonNull(rule, "rule");
        }

        /** A hold no named policy rule made. */
        public Hold(String reason, CompletionStage<Decision> resolution) {
            this(reason, resolution, Optional.empty());
        }
    }

    Allow ALLOW = new Allow();

    static Deny deny(String sqlState, String message) {
        return new Deny(sqlState, message);
    }
}
