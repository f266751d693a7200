package dev.phiguard.broker.secrets;

import dev.phiguard.broker.lease.CredentialMinter;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Passwords of per-lease roles and their SCRAM-SHA-256 verifiers. The role is created with the verifier
 * ({@code PASSWORD 'SCRAM-SHA-256$...'}, which PostgreSQL stores as it is), so the plaintext never travels in a
 * statement and cannot reach the server's log, {@code pg_stat_activity} or an error message.
 *
 * <p>The same construction as the lease credentials', by the same code ({@link CredentialMinter}): 32 characters of
 * the URL-safe base64 alphabet (192 random bits, pure ASCII so SASLprep is the identity), PBKDF2-HMAC-SHA-256 with
 * {@value CredentialMinter#ITERATIONS} iterations (enough for a random password, see {@link CredentialMinter};
 * PostgreSQL accepts any positive count in a stored verifier, and the proxy pays the count at every upstream login)
 * and a 16-byte salt.
 */
final class RolePasswords {

    static final int LENGTH = CredentialMinter.PASSWORD_LENGTH;
    static final int ITERATIONS = CredentialMinter.ITERATIONS;
    static final int SALT_LENGTH = CredentialMinter.SALT_LENGTH;

    private final CredentialMinter minter;

    RolePasswords(SecureRandom random) {
        this.minter = new CredentialMinter(Objects.requireNonNull(random, "random"));
    }

    /** A fresh password: {@value #LENGTH} characters, 192 bits. */
    char[] newPassword() {
        return minter.newPassword();
    }

    /** The verifier of a password with a fresh salt: {@code SCRAM-SHA-256$16:<salt>$<StoredKey>:<ServerKey>}. */
    String verifier(char[] password) {
        return minter.verifier(password);
    }
}
