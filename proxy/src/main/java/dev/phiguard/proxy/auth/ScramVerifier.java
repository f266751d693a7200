package dev.phiguard.proxy.auth;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The salted SCRAM-SHA-256 verifier of a password, as PostgreSQL stores it in
 * {@code pg_authid.rolpassword}: salt, iteration count, {@code StoredKey} and {@code ServerKey}.
 * It is enough to check a client's proof but not to log in as the client.
 *
 * <p>The byte arrays are copied on the way in and on the way out; {@link #equals} compares
 * content; {@link #toString} shows only the iteration count, since the keys allow an offline
 * dictionary attack on the password.
 *
 * @param salt the salt, at least one byte
 * @param iterations the PBKDF2 iteration count, at least 1
 * @param storedKey {@code H(ClientKey)}, 32 bytes
 * @param serverKey {@code HMAC(SaltedPassword, "Server Key")}, 32 bytes
 */
public record ScramVerifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

    /** PostgreSQL's default {@code scram_iterations}. */
    public static final int DEFAULT_ITERATIONS = 4096;
    /** PostgreSQL's salt length ({@code SCRAM_DEFAULT_SALT_LEN}). */
    public static final int SALT_LENGTH = 16;
    /** Length of SHA-256 keys. */
    static final int KEY_LENGTH = 32;

    static final ScramMechanism MECHANISM = ScramMechanism.SCRAM_SHA_256;
    private static final String PREFIX = "SCRAM-SHA-256$";

    /** Validates and copies the components. */
    public ScramVerifier {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(storedKey, "storedKey");
        Objects.requireNonNull(serverKey, "serverKey");
        if (salt.length == 0) {
            throw new IllegalArgumentException("SCRAM salt must not be empty");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("SCRAM iteration count must be at least 1");
        }
        if (storedKey.length != KEY_LENGTH || serverKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("SCRAM-SHA-256 StoredKey and ServerKey must be 32 bytes each");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /**
     * Computes the verifier of a password with a fresh 16-byte salt and 4096 iterations, after
     * SASLprep as PostgreSQL applies it (a password that SASLprep rejects is used as is).
     *
     * @throws IllegalArgumentException if the password is empty
     */
    public static ScramVerifier create(char[] password, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        return derive(password, salt, DEFAULT_ITERATIONS);
    }

    /** Computes the verifier of a password for a given salt and iteration count. */
    static ScramVerifier derive(char[] password, byte[] salt, int iterations) {
        Objects.requireNonNull(password, "password");
        if (password.length == 0) {
            throw new IllegalArgumentException("password must not be empty");
        }
        byte[] saltedPassword = ScramFunctions.saltedPassword(
                MECHANISM, StringPreparation.POSTGRESQL_PREPARATION, password, salt, iterations);
        byte[] clientKey = ScramFunctions.clientKey(MECHANISM, saltedPassword);
        byte[] storedKey = ScramFunctions.storedKey(MECHANISM, clientKey);
        byte[] serverKey = ScramFunctions.serverKey(MECHANISM, saltedPassword);
        Arrays.fill(saltedPassword, (byte) 0);
        Arrays.fill(clientKey, (byte) 0);
        return new ScramVerifier(salt, iterations, storedKey, serverKey);
    }

    /**
     * Parses PostgreSQL's stored format
     * {@code SCRAM-SHA-256$<iterations>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>}.
     *
     * @throws IllegalArgumentException naming the part that is wrong; the message never repeats the
     *     input
     */
    public static ScramVerifier parse(String encoded) {
        Objects.requireNonNull(encoded, "encoded SCRAM verifier");
        if (!encoded.startsWith(PREFIX)) {
            throw new IllegalArgumentException("SCRAM verifier must start with 'SCRAM-SHA-256$'");
        }
        String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException(
                    "SCRAM verifier must have the form SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>");
        }
        String[] iterationsAndSalt = parts[0].split(":", -1);
        String[] keys = parts[1].split(":", -1);
        if (iterationsAndSalt.length != 2) {
            throw new IllegalArgumentException("SCRAM verifier must have '<iterations>:<salt>' after 'SCRAM-SHA-256$'");
        }
        if (keys.length != 2) {
            throw new IllegalArgumentException("SCRAM verifier must end with '<StoredKey>:<ServerKey>'");
        }
        int iterations = parseIterations(iterationsAndSalt[0]);
        byte[] salt = decode(iterationsAndSalt[1], "salt");
        if (salt.length == 0) {
            throw new IllegalArgumentException("SCRAM verifier salt is empty");
        }
        byte[] storedKey = decode(keys[0], "StoredKey");
        byte[] serverKey = decode(keys[1], "ServerKey");
        if (storedKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("SCRAM verifier StoredKey must decode to 32 bytes");
        }
        if (serverKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("SCRAM verifier ServerKey must decode to 32 bytes");
        }
        return new ScramVerifier(salt, iterations, storedKey, serverKey);
    }

    private static int parseIterations(String text) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("SCRAM verifier iteration count is not a positive decimal integer");
        }
        long value = Long.parseLong(text);
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("SCRAM verifier iteration count is out of range (1.." + Integer.MAX_VALUE + ")");
        }
        return (int) value;
    }

    private static byte[] decode(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            // the decoder's message quotes the offending character: do not chain it
            throw new IllegalArgumentException("SCRAM verifier " + what + " is not valid base64");
        }
    }

    /** Encodes in PostgreSQL's stored format, the inverse of {@link #parse}. */
    public String encode() {
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + iterations + ':' + b64.encodeToString(salt) + '$'
                + b64.encodeToString(storedKey) + ':' + b64.encodeToString(serverKey);
    }

    /** @return a copy of the salt */
    @Override
    public byte[] salt() {
        return salt.clone();
    }

    /** @return a copy of {@code StoredKey} */
    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    /** @return a copy of {@code ServerKey} */
    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScramVerifier that
                && iterations == that.iterations
                && Arrays.equals(salt, that.salt)
                && Arrays.equals(storedKey, that.storedKey)
                && Arrays.equals(serverKey, that.serverKey);
    }

    @Override
    public int hashCode() {
        // consistent with equals; the keys are left out so that no bit of them leaks through a hash
        return 31 * Integer.hashCode(iterations) + Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "ScramVerifier[iterations=" + iterations + "]";
    }
}
