package dev.phiguard.cli.client;

import java.util.Objects;

/**
 * A bearer token for the broker (an OIDC JWT). Kept in its own type so that it never reaches a message by
 * accident: {@link #toString()} is redacted, and only {@link BrokerClient} reads {@link #value()}.
 */
public final class BearerToken {
    private final String value;

    private BearerToken(String value) {
        this.value = value;
    }

    /** Wraps a token; blank tokens are refused (without echoing anything). */
    public static BearerToken of(String value) {
        Objects.requireNonNull(value, "token");
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("the token is empty");
        }
        if (trimmed.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("the token contains spaces or control characters");
        }
        return new BearerToken(trimmed);
    }

    String value() {
        return value;
    }

    @Override
    public String toString() {
        return "BearerToken[***]";
    }
}
