package dev.phiguard.broker.lease;

import java.util.Arrays;
import java.util.Objects;

/**
 * A freshly minted lease credential: the plaintext password, to be handed to the requester once, and its salted
 * SCRAM-SHA-256 verifier, the only form that is stored.
 *
 * <p>{@link #password()} returns the credential's own array, not a copy, so that {@link #close()} can wipe the only
 * copy after the response was written. {@link #toString()} shows the user name only; {@link #equals} and
 * {@link #hashCode} are identity-based (a password's content must not feed a hash code).
 *
 * @param userName      the user name to log in with at the proxy: the lease id
 * @param password      the password: {@value CredentialMinter#PASSWORD_LENGTH} characters of the URL-safe base64
 *                      alphabet ({@code A-Z a-z 0-9 - _}), pure ASCII, 192 random bits
 * @param scramVerifier {@code SCRAM-SHA-256$16:<salt>$<StoredKey>:<ServerKey>} as PostgreSQL stores it
 */
public record MintedCredential(String userName, char[] password, String scramVerifier) implements AutoCloseable {

    public MintedCredential {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(scramVerifier, "scramVerifier");
    }

    /** Overwrites the password in memory; afterwards {@link #password()} holds only NUL characters. */
    @Override
    public void close() {
        Arrays.fill(password, '\0');
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "MintedCredential[userName=" + userName + ", password=<redacted>, scramVerifier=<redacted>]";
    }
}
