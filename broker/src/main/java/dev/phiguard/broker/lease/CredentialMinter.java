package dev.phiguard.broker.lease;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints a lease's one-time credential when the requester fetches it.
 *
 * <p>The credential is minted at the fetch, not at approval: then its plaintext exists only between minting and
 * the response that shows it, and is never stored, not even briefly. Only the verifier is stored.
 *
 * <ul>
 *   <li>User name: the lease id ({@link Lease#userName()}), so every proxy session names its lease.</li>
 *   <li>Password: {@value #PASSWORD_LENGTH} characters drawn uniformly from the 64-character URL-safe base64
 *       alphabet with {@link SecureRandom}: {@value #PASSWORD_BITS} bits. The password is pure ASCII, for which
 *       SASLprep (RFC 4013, applied by PostgreSQL and its clients before SCRAM) is the identity, so the verifier
 *       computed here from the raw characters is the one every client's proof matches. It is also safe unquoted in
 *       environment variables and in a {@code postgresql://} URL.</li>
 *   <li>Verifier: PostgreSQL's SCRAM-SHA-256 format (RFC 5802/7677):
 *       {@code SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, }{@value #ITERATIONS}{@code )} with a fresh
 *       16-byte salt,
 *       {@code ClientKey = HMAC(SaltedPassword, "Client Key")}, {@code StoredKey = SHA-256(ClientKey)},
 *       {@code ServerKey = HMAC(SaltedPassword, "Server Key")}, written
 *       {@code SCRAM-SHA-256$16:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>}, which the proxy's
 *       {@code ScramVerifier.parse} reads, and which PostgreSQL accepts as a role's stored password (it takes any
 *       positive iteration count in a stored verifier; the per-lease roles of {@code EphemeralRoles} are created
 *       with it).</li>
 * </ul>
 *
 * <p>Why {@value #ITERATIONS} PBKDF2 iterations rather than PostgreSQL's default of 4096: iterations slow down
 * each guess of an offline dictionary attack on a stolen verifier (or a recorded exchange), which matters for a
 * password a human chose. This password is {@value #PASSWORD_BITS} uniformly random bits: the expected search is
 * 2<sup>191</sup> guesses whatever the count, and 4096 iterations would add only 12 bits to that. The iterations
 * are however paid on every login, by the client (pgjdbc, libpq) and, for per-lease roles, by the proxy logging
 * in upstream: 4096 cost milliseconds of CPU per session, 16 cost microseconds. PostgreSQL's own lower bound for
 * {@code scram_iterations} is 1, and pgjdbc, libpq and the proxy accept any count of at least 1 from a server;
 * 16 keeps clear of that edge at no measurable cost. The proxy's mock exchange for an unknown user announces
 * the same count (the cli's credential port tells it), so the count does not reveal whether a lease exists.
 */
public final class CredentialMinter {

    /** Characters in a password. */
    public static final int PASSWORD_LENGTH = 32;
    /** Random bits in a password: 6 per character. */
    public static final int PASSWORD_BITS = PASSWORD_LENGTH * 6;
    /**
     * PBKDF2 iterations of the verifiers minted here: few, because the password is {@value #PASSWORD_BITS} random
     * bits (see the class comment); PostgreSQL's default {@code scram_iterations}, 4096, is meant for passwords
     * people choose.
     */
    public static final int ITERATIONS = 16;
    /** Salt length in bytes (PostgreSQL's {@code SCRAM_DEFAULT_SALT_LEN}). */
    public static final int SALT_LENGTH = 16;

    static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final String PREFIX = "SCRAM-SHA-256$";

    private final SecureRandom random;

    public CredentialMinter(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Records the fetch on the lease and mints the credential: the one way to obtain a lease's password. The
     * transition is checked first, so a refused fetch mints nothing.
     *
     * @return the lease after {@link LeaseEvent.CredentialIssued} and the credential; store the lease (optimistic
     *     concurrency makes the second of two racing fetches fail) and the verifier, then show the password
     * @throws CredentialAlreadyFetchedException on a second fetch
     * @throws IllegalTransitionException when the lease is not approved, or has expired
     */
    public IssuedCredential issue(Lease lease, Instant now) {
        Lease fetched = LeaseTransitions.apply(lease, new LeaseEvent.CredentialIssued(), now);
        return new IssuedCredential(fetched, mint(lease.userName()));
    }

    /** A new credential for a user name. */
    MintedCredential mint(String userName) {
        char[] password = newPassword();
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        return new MintedCredential(userName, password, scramVerifier(password, salt, ITERATIONS));
    }

    /** A fresh password: {@value #PASSWORD_LENGTH} characters of the URL-safe base64 alphabet, 192 random bits. */
    public char[] newPassword() {
        char[] password = new char[PASSWORD_LENGTH];
        for (int i = 0; i < password.length; i++) {
            password[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return password;
    }

    /** The verifier of {@code password} with a fresh {@value #SALT_LENGTH}-byte salt and {@value #ITERATIONS} iterations. */
    public String verifier(char[] password) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        return scramVerifier(password, salt, ITERATIONS);
    }

    static String scramVerifier(char[] password, byte[] salt, int iterations) {
        for (char c : password) {
            if (c > 0x7e || c < 0x21) {
                throw new IllegalArgumentException(
                        "only printable ASCII passwords are minted (SASLprep is their identity)");
            }
        }
        byte[] saltedPassword = null;
        byte[] clientKey = null;
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            saltedPassword = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(saltedPassword, "HmacSHA256"));
            clientKey = hmac.doFinal("Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] serverKey = hmac.doFinal("Server Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            Base64.Encoder b64 = Base64.getEncoder();
            return PREFIX + iterations + ':' + b64.encodeToString(salt) + '$' + b64.encodeToString(storedKey) + ':'
                    + b64.encodeToString(serverKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SCRAM-SHA-256 primitives are not available", e);
        } finally {
            spec.clearPassword();
            if (saltedPassword != null) {
                Arrays.fill(saltedPassword, (byte) 0);
            }
            if (clientKey != null) {
                Arrays.fill(clientKey, (byte) 0);
            }
        }
    }
}
