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
 *       {@code SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, 4096)} with a fresh 16-byte salt,
 *       {@code ClientKey = HMAC(SaltedPassword, "Client Key")}, {@code StoredKey = SHA-256(ClientKey)},
 *       {@code ServerKey = HMAC(SaltedPassword, "Server Key")}, written
 *       {@code SCRAM-SHA-256$4096:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>}, which the proxy's
 *       {@code ScramVerifier.parse} reads.</li>
 * </ul>
 */
public final class CredentialMinter {

    /** Characters in a password. */
    public static final int PASSWORD_LENGTH = 32;
    /** Random bits in a password: 6 per character. */
    public static final int PASSWORD_BITS = PASSWORD_LENGTH * 6;
    /** PBKDF2 iterations (PostgreSQL's default {@code scram_iterations}). */
    public static final int ITERATIONS = 4096;
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

    /** {@value #PASSWORD_LENGTH} characters, each drawn uniformly from the 64-character alphabet. */
    /** A fresh password: {@value #PASSWORD_LENGTH} characters of the URL-safe base64 alphabet, 192 random bits. */
    public char[] newPassword() {
        char[] password = new char[PASSWORD_LENGTH];
        for (int i = 0; i < password.length; i++) {
            password[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return password;
    }

    /** The SCRAM-SHA-256 verifier of an ASCII password, in PostgreSQL's format. */
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
