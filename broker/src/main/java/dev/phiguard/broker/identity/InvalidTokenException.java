package dev.phiguard.broker.identity;

import java.util.Objects;

/**
 * A bearer token was refused. The message is safe to return to the client as it is: it says what is wrong
 * ({@code token expired}, {@code bad signature} …) and never contains the token, a key or a library's internal
 * message. No cause is attached and no stack trace is captured (a flood of bad tokens stays cheap).
 */
public final class InvalidTokenException extends Exception {

    /** Why a token was refused; {@link #code()} is the machine-readable form for API errors. */
    public enum Reason {
        MALFORMED("malformed_token"),
        TOO_LARGE("token_too_large"),
        UNSUPPORTED_ALGORITHM("unsupported_algorithm"),
        UNKNOWN_ISSUER("unknown_issuer"),
        UNKNOWN_KEY("unknown_signing_key"),
        BAD_SIGNATURE("bad_signature"),
        EXPIRED("token_expired"),
        NOT_YET_VALID("token_not_yet_valid"),
        AUDIENCE_MISMATCH("audience_mismatch"),
        INVALID_CLAIMS("invalid_claims"),
        /** The issuer's keys could not be fetched: not the client's fault, worth retrying later. */
        KEYS_UNAVAILABLE("issuer_keys_unavailable");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    InvalidTokenException(Reason reason, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
